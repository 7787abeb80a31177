#!/usr/bin/env python3
"""fuzz/sealed_status.py - what the sealed queue entries of a campaign reach.

    fuzz/sealed_status.py HARNESS QUEUE_DIR REPLAY_DRIVER

HARNESS is responder_complete or initiator_bobid; QUEUE_DIR an AFL++ queue
(fuzz/out/HARNESS/default/queue); REPLAY_DRIVER the plain driver of the
harness (BUILD/fuzz/fuzz_HARNESS_replay). Every queue entry whose byte 0
selects a sealed identity (bits 7 and 3 set, fuzz_forge.h fz_sealed) is
replayed with FZ_VERBOSE=1, and the status the receiver gave the sealed
message (the stanza carrying the identity: message 3, or message 2 / 4 of
Bob's) is counted, separately for the seeds ("orig:" in the AFL++ file
name) and the entries AFL++ found. fuzz/STATUS.md quotes the result.
"""
import collections
import os
import subprocess
import sys


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    harness, queue, driver = sys.argv[1:]
    counts = collections.Counter()
    for name in sorted(os.listdir(queue)):
        path = os.path.join(queue, name)
        if not os.path.isfile(path):
            continue
        with open(path, "rb") as f:
            first = f.read(1)
        if not first or (first[0] & 0x88) != 0x88:
            continue
        three = (first[0] & 7) >= 4  # fuzz_modes.c: modes 4-7 are 3-message
        # The sealed message is the n-th stanza routed in the run: message
        # 3 for Bob (index 2), message 2 or 4 for Alice (index 1 or 3).
        index = 2 if harness == "responder_complete" else (1 if three else 3)
        err = subprocess.run([driver, path], capture_output=True, text=True,
                             env=dict(os.environ, FZ_VERBOSE="1")).stderr
        routed = [line for line in err.splitlines()
                  if "routed a stanza" in line]
        status = "?"
        if len(routed) > index:
            status = routed[index].split("routed a stanza: ")[1]
            status = status.rsplit(";", 1)[0]
        counts[("seed" if "orig:" in name else "found", status)] += 1
    for (origin, status), n in sorted(counts.items()):
        print(f"{origin:5} {n:5d}  {status}")


if __name__ == "__main__":
    main()
