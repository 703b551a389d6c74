# Support package (not a case).
print("_helper_pkg: package init")
PKG_NAME = "helper package"
