#!/usr/bin/env python3
"""Share of consecutive frame pairs in which a person's step velocity reverses direction,
v(t) . v(t + 1 frame) < 0, over the frames in which the person stands inside a box.

Usage: reversals.py TRAJECTORIES.sqlite X0 Y0 X1 Y1   (reads PedPy's trajectory_data table)
"""
import sqlite3
import sys


def main() -> None:
    db, x0, y0, x1, y1 = sys.argv[1], *map(float, sys.argv[2:6])
    con = sqlite3.connect(db)
    tracks: dict[int, list[tuple[int, float, float]]] = {}
    for pid, frame, x, y in con.execute(
            "select id, frame, pos_x, pos_y from trajectory_data order by id, frame"):
        tracks.setdefault(pid, []).append((frame, x, y))
    pairs = reversals = 0
    for track in tracks.values():
        for a, b, c in zip(track, track[1:], track[2:]):
            if b[0] != a[0] + 1 or c[0] != b[0] + 1:
                continue
            if not (x0 <= b[1] <= x1 and y0 <= b[2] <= y1):
                continue
            pairs += 1
            if (b[1] - a[1]) * (c[1] - b[1]) + (b[2] - a[2]) * (c[2] - b[2]) < 0.0:
                reversals += 1
    print(f"{100.0 * reversals / max(pairs, 1):.1f} % of {pairs} frame pairs")


if __name__ == "__main__":
    main()
