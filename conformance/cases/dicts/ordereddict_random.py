# Random operations on an OrderedDict checked against a list model of its
# order after each step: moves to either end, pops from either end,
# deletions and insertions (the table compacts itself and reuses holes).
import random
from collections import OrderedDict

rng = random.Random(1234)
od = OrderedDict()
model = []  # keys in order
values = {}
counts = {}
for step in range(20000):
    op = rng.randrange(9)
    k = rng.randrange(60)
    if op <= 1:
        od[k] = step
        if k not in values:
            model.append(k)
        values[k] = step
    elif op == 2:
        if k in values:
            del od[k]
            model.remove(k)
            del values[k]
        else:
            try:
                del od[k]
            except KeyError:
                pass
    elif op == 3 or op == 4:
        last = op == 3
        try:
            od.move_to_end(k, last=last)
        except KeyError:
            assert k not in values
        else:
            model.remove(k)
            if last:
                model.append(k)
            else:
                model.insert(0, k)
    elif op == 5 or op == 6:
        last = op == 5
        try:
            key, value = od.popitem(last=last)
        except KeyError:
            assert not model
        else:
            expect = model.pop() if last else model.pop(0)
            assert key == expect and value == values.pop(expect), (key, expect)
    elif op == 7:
        assert od.pop(k, None) == values.pop(k, None)
        if k in model:
            model.remove(k)
    else:
        if rng.randrange(200) == 0:
            od.clear()
            model.clear()
            values.clear()
        else:
            assert od.setdefault(k, step) == values.setdefault(k, step)
            if k not in model:
                model.append(k)
    counts[op] = counts.get(op, 0) + 1
    assert list(od) == model, (step, list(od), model)
    if step % 97 == 0:
        assert list(reversed(od)) == model[::-1]
        assert list(od.values()) == [values[x] for x in model]
        assert od == OrderedDict((x, values[x]) for x in model)
print(sorted(counts.items()))
print(len(od), list(od.items())[:8])
