# subprocess on POSIX: _posixsubprocess.fork_exec, pipes, select/poll for
# communicate() with timeouts, os.waitpid and exit statuses.
import os
import subprocess
import sys

r = subprocess.run(["echo", "hello", "world"], capture_output=True)
print(r.returncode, r.stdout, r.stderr)
print(r.args)

# Exit codes, including death by a signal.
for code in [0, 1, 3, 255]:
    print("exit", code, subprocess.run(["sh", "-c", "exit %d" % code]).returncode)
print("signal", subprocess.run(["sh", "-c", "kill -TERM $$"]).returncode)

# stdin, stdout and stderr pipes.
r = subprocess.run(["cat"], input=b"from stdin\n", capture_output=True)
print(r.stdout)
r = subprocess.run(["sh", "-c", "echo out; echo err >&2"], capture_output=True)
print(r.stdout, r.stderr)
r = subprocess.run(["sh", "-c", "echo out; echo err >&2"],
                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
print(r.stdout, r.stderr)
r = subprocess.run(["sh", "-c", "echo hidden; echo err >&2"],
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
print(r.stdout, r.stderr)

# Text mode.
r = subprocess.run(["tr", "a-z", "A-Z"], input="shout\n", capture_output=True, text=True)
print(repr(r.stdout))

# A large amount of data through both pipes at once (communicate must not
# deadlock).
data = b"x" * 300000 + b"\n"
r = subprocess.run(["cat"], input=data, capture_output=True)
print(len(r.stdout), r.stdout == data)

# cwd and env.
r = subprocess.run(["pwd"], cwd="/", capture_output=True)
print(r.stdout)
r = subprocess.run(["sh", "-c", "echo $EGRET_TEST_VAR"], env={"EGRET_TEST_VAR": "42", "PATH": os.environ["PATH"]},
                   capture_output=True)
print(r.stdout)

# check_output, check_call, CalledProcessError.
print(subprocess.check_output(["echo", "checked"]))
print(subprocess.check_output("echo $((6 * 7))", shell=True))
print(subprocess.check_call(["true"]))
try:
    subprocess.check_output(["sh", "-c", "echo partial; exit 2"])
except subprocess.CalledProcessError as e:
    print("CalledProcessError", e.returncode, e.output, e)
try:
    subprocess.run(["false"], check=True)
except subprocess.CalledProcessError as e:
    print("CalledProcessError", e.returncode, e.cmd)
print(subprocess.getoutput("echo one; echo two"))
print(subprocess.getstatusoutput("exit 5"))

# shell=True.
r = subprocess.run("echo $0 | tr -d '\\n'; echo ' ok'", shell=True, capture_output=True)
print(r.stdout)

# Timeouts (the exception carries the time that was left: slow machines leave
# less of it).
try:
    subprocess.run(["sleep", "5"], timeout=0.2)
except subprocess.TimeoutExpired as e:
    print("TimeoutExpired", e.cmd, 0 < e.timeout <= 0.2)
try:
    subprocess.run(["sh", "-c", "echo early; sleep 10"], capture_output=True, timeout=2)
except subprocess.TimeoutExpired as e:
    print("TimeoutExpired", e.cmd, e.output)
p = subprocess.Popen(["sleep", "5"])
try:
    p.wait(timeout=0.1)
except subprocess.TimeoutExpired as e:
    print("wait TimeoutExpired", e.timeout)
p.kill()
print("killed", p.wait())

# Popen.communicate, poll, returncode.
p = subprocess.Popen(["cat"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
out, err = p.communicate(b"round trip", timeout=5)
print(out, err, p.returncode)
p = subprocess.Popen(["sh", "-c", "echo first; sleep 0.5; echo got late"],
                     stdout=subprocess.PIPE)
try:
    p.communicate(timeout=0.1)
except subprocess.TimeoutExpired as e:
    print("communicate timed out")
out, _ = p.communicate()
print(out, p.returncode)
with subprocess.Popen(["echo", "in with"], stdout=subprocess.PIPE) as p:
    print(p.stdout.read())
print(p.returncode)
p = subprocess.Popen(["true"])
p.wait()
print(p.poll())

# Missing executables and directories.
try:
    subprocess.run(["/nonexistent/program"])
except FileNotFoundError as e:
    print("FileNotFoundError", e.errno, e.filename)
try:
    subprocess.run(["no-such-program-for-egret"])
except FileNotFoundError as e:
    print("FileNotFoundError", e.errno, e.filename)
try:
    subprocess.run(["true"], cwd="/nonexistent-dir")
except FileNotFoundError as e:
    print("FileNotFoundError", e.errno, e.filename)
try:
    subprocess.run(["/"])
except PermissionError as e:
    print("PermissionError", e.errno, e.filename)

# preexec_fn.
r = subprocess.run(["sh", "-c", "echo $FRUIT"], capture_output=True,
                   preexec_fn=lambda: os.putenv("FRUIT", "apple"))
print(r.stdout)
def bad():
    raise ValueError("no")
try:
    subprocess.run(["true"], preexec_fn=bad)
except subprocess.SubprocessError as e:
    print(type(e).__name__, e)

# pass_fds and close_fds.
rfd, wfd = os.pipe()
r = subprocess.run(["sh", "-c", "echo through >&%d" % wfd], pass_fds=[wfd])
os.close(wfd)
print(r.returncode, os.read(rfd, 100))
os.close(rfd)
rfd, wfd = os.pipe()
r = subprocess.run(["sh", "-c", "echo through >&%d" % wfd], close_fds=True,
                   stderr=subprocess.DEVNULL)
print("closed fd", r.returncode != 0)
os.close(rfd)
os.close(wfd)

# Arguments and exit status of a child. (Not sys.executable: under
# qemu-aarch64, which runs the aarch64 suite, an aarch64 binary cannot be
# exec'd from the emulated process.)
r = subprocess.run(["sh", "-c", 'echo "$@"; exit 7', "sh", "a", "b"], capture_output=True)
print(r.returncode, r.stdout)

# os-level helpers used by subprocess.
st = os.system("exit 3")
print(os.WIFEXITED(st), os.WEXITSTATUS(st), os.waitstatus_to_exitcode(st))
r, w = os.pipe()
print(os.get_inheritable(r), os.get_blocking(r))
os.set_inheritable(r, True)
os.set_blocking(r, False)
print(os.get_inheritable(r), os.get_blocking(r))
d = os.dup(w)
print(os.get_inheritable(d))
os.write(d, b"dup")
print(os.read(r, 10))
try:
    os.read(r, 10)
except BlockingIOError as e:
    print("BlockingIOError", e.errno)
for fd in (r, w, d):
    os.close(fd)
try:
    os.waitpid(-1, os.WNOHANG)
except ChildProcessError as e:
    print("ChildProcessError", e.errno)
