# Benchmark: an object-oriented task scheduler (many small methods, attribute access).
# Usage: scheduler.py [N]  -- runs N rounds, prints counts of packets and steps as the checksum.
import sys


class Packet:
    def __init__(self, kind, payload):
        self.kind = kind
        self.payload = payload
        self.hops = 0


class Task:
    def __init__(self, name, priority):
        self.name = name
        self.priority = priority
        self.inbox = []
        self.handled = 0

    def ready(self):
        return len(self.inbox) > 0

    def receive(self, packet):
        packet.hops += 1
        self.inbox.append(packet)

    def run(self, sched):
        packet = self.inbox.pop(0)
        self.handled += 1
        self.work(sched, packet)

    def work(self, sched, packet):
        raise NotImplementedError


class Worker(Task):
    def work(self, sched, packet):
        packet.payload = (packet.payload * 7 + self.priority) % 1009
        sched.send("handler" if packet.payload % 2 else "device", packet)


class Handler(Task):
    def work(self, sched, packet):
        if packet.hops < 6:
            sched.send("worker", packet)
        else:
            sched.retire(packet)


class Device(Task):
    def __init__(self, name, priority):
        Task.__init__(self, name, priority)
        self.io = 0

    def work(self, sched, packet):
        self.io += packet.payload
        sched.send("handler", packet)


class Scheduler:
    def __init__(self):
        self.tasks = {}
        self.order = []
        self.retired = 0
        self.steps = 0

    def add(self, task):
        self.tasks[task.name] = task
        self.order.append(task)
        self.order.sort(key=lambda t: -t.priority)

    def send(self, name, packet):
        self.tasks[name].receive(packet)

    def retire(self, packet):
        self.retired += 1

    def pick(self):
        for task in self.order:
            if task.ready():
                return task
        return None

    def run(self):
        while True:
            task = self.pick()
            if task is None:
                return
            task.run(self)
            self.steps += 1


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 40000
    sched = Scheduler()
    sched.add(Worker("worker", 3))
    sched.add(Handler("handler", 2))
    sched.add(Device("device", 1))
    for r in range(n):
        for k in range(5):
            sched.send("worker", Packet(k, r + k))
        sched.run()
    handled = [t.handled for t in sched.order]
    print(f"retired {sched.retired} steps {sched.steps} handled {handled} io {sched.tasks['device'].io}")


main()
