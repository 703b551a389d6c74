# Support submodule (not a case).
print("_helper_pkg.sub: executing")


def triple(x):
    return 3 * x


VALUE = 99
