#!/usr/bin/env python3
"""Run a command; restart it whenever a file under the watched folders changes.

    python3 reloader.py FOLDER... -- COMMAND...

It polls modification times rather than using inotify: a bind mount from a VM (Docker
Desktop) does not always deliver inotify events, and a few hundred files poll in well
under a millisecond. SIGTERM and SIGINT stop the command and the reloader.
"""

import os
import signal
import subprocess
import sys
import time

POLL_SECONDS = 0.2
IGNORED_SUFFIXES = (".pyc", ".swp", ".swx", "~", ".tmp")


def snapshot(folders):
    state = {}
    for folder in folders:
        for root, subdirs, files in os.walk(folder):
            subdirs[:] = [d for d in subdirs if d != "__pycache__" and not d.startswith(".")]
            for name in files:
                if name.startswith(".") or name.endswith(IGNORED_SUFFIXES):
                    continue
                path = os.path.join(root, name)
                try:
                    st = os.stat(path)
                except OSError:
                    continue  # removed while we looked
                state[path] = (st.st_mtime_ns, st.st_size)
    return state


def stop(proc):
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def changed(before, after):
    paths = set(before) | set(after)
    return sorted(p for p in paths if before.get(p) != after.get(p))


def main(argv):
    if "--" not in argv or argv.index("--") == len(argv) - 1:
        print(__doc__, file=sys.stderr)
        return 2
    split = argv.index("--")
    folders, command = argv[:split] or ["."], argv[split + 1 :]
    stopping = []
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda signum, frame: stopping.append(signum))

    state = snapshot(folders)
    proc = subprocess.Popen(command)
    print(f"reloader: started {' '.join(command)} (pid {proc.pid})", flush=True)
    while not stopping:
        time.sleep(POLL_SECONDS)
        now = snapshot(folders)
        diff = changed(state, now)
        if not diff:
            continue
        state = now
        print(f"reloader: {diff[0]} changed, restarting", flush=True)
        stop(proc)
        proc = subprocess.Popen(command)
    stop(proc)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
