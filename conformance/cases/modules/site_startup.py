import os, subprocess, sys, tempfile, site

# Under emulation (the aarch64 suite) the binary is started through the
# conformance runner's emulator; the variable is unset under CPython.
RUNNER = os.environ.get('EGRET_CONFORMANCE_RUNNER', '').split()

def run(*args):
    p = subprocess.run([*RUNNER, sys.executable, *args], capture_output=True, text=True)
    return p.stdout.strip() or (p.stderr.strip().splitlines() or ['(no output)'])[-1]

print(run('-c', 'import sys; print("site" in sys.modules, sys.path[0] == "")'))
print(run('-S', '-c', 'import sys; print("site" in sys.modules, sys.flags.no_site)'))
print(run('-I', '-c', 'import sys; print(sys.flags.isolated, sys.flags.no_user_site, sys.path[0] != "")'))
print(run('-c', 'import builtins; print(type(builtins.exit).__name__, repr(builtins.exit))'))

tmp = tempfile.mkdtemp()
extra = os.path.join(tmp, 'extra')
os.mkdir(extra)
with open(os.path.join(extra, 'from_pth.py'), 'w') as f:
    f.write('WHERE = "a directory named in a .pth file"\n')
with open(os.path.join(tmp, 'demo.pth'), 'w') as f:
    f.write('# comments are skipped\nextra\nimport os; os.environ["PTH_RAN"] = "yes"\n')
site.addsitedir(tmp)
import from_pth
print(from_pth.WHERE, os.environ.get('PTH_RAN'), extra in sys.path)

# A virtual environment's pyvenv.cfg makes sys.prefix the environment.
env = os.path.join(tmp, 'env')
print(run('-m', 'venv', '--without-pip', env))
py = os.path.join(env, 'bin', 'python')
out = subprocess.run([*RUNNER, py, '-c', 'import sys; print(sys.prefix == sys.exec_prefix, sys.prefix != sys.base_prefix, sys.executable.endswith("bin/python"), [p for p in sys.path if p.endswith("site-packages")][0].startswith(sys.prefix))'], capture_output=True, text=True)
print(out.stdout.strip(), out.stderr.strip()[-200:])
with open(os.path.join(env, 'pyvenv.cfg')) as f:
    print(sorted(line.split(' = ')[0] for line in f if ' = ' in line))
