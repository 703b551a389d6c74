# os.fork() called from a thread other than the main one: in the child
# that thread is the main thread, the program's first thread counts as
# stopped (joining it returns at once), and the child can start and join
# threads of its own (their stacks may reuse the vanished threads').
import os
import sys
import threading

main_thread = threading.current_thread()


def joiner(results):
    main_thread.join()
    results.append("joined the stopped main thread")
    results.append(sum(i * i for i in range(1000)))


def worker():
    sys.stdout.flush()
    pid = os.fork()
    if pid != 0:
        _, status = os.waitpid(pid, 0)
        print("child exit code", os.waitstatus_to_exitcode(status))
        return
    results = []
    t = threading.Thread(target=joiner, args=(results,))
    t.start()
    t.join()
    me = threading.current_thread()
    results.append(me is threading.main_thread())
    results.append(main_thread.is_alive())
    results.append(threading.active_count())
    print("child:", results)
    sys.stdout.flush()
    os._exit(0)


w = threading.Thread(target=worker)
w.start()
w.join()
print("parent done", threading.active_count())
