# try/except/else/finally ordering
def run(fail):
    try:
        print("  try")
        if fail:
            raise ValueError("boom")
        print("  try end")
    except ValueError:
        print("  except")
    else:
        print("  else")
    finally:
        print("  finally")
    print("  after")
print("no failure:")
run(False)
print("failure:")
run(True)
try:
    try:
        raise KeyError("k")
    finally:
        print("inner finally")
except KeyError:
    print("outer caught")
