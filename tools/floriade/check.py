#!/usr/bin/env python3
"""Independent checks and hand calculations for the Floriade scenarios (no simulation).

    python3 tools/floriade/check.py           # from the repository root

Reads the generated YAML files (PyYAML), rasterises the venue on a 1 m grid and reports:
areas, whether every exit lies on the walkable boundary, free area and density per zone,
whether every zone reaches an exit, walking distances to the exits (Dijkstra on the grid,
8 neighbours), and the flow-based egress estimates quoted in docs/floriade.md.
"""
import heapq
import math
import os
import sys

import yaml

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
FLOR = os.path.join(ROOT, "scenarios", "floriade")
X0, Y0, X1, Y1 = -10, -10, 1230, 600  # raster extent, 1 m cells
NX, NY = X1 - X0, Y1 - Y0
Q = 1.33   # P/(m s): IMO MSC.1/Circ.1238 door flow, used for hand estimates


def load(path):
    with open(path) as f:
        return yaml.safe_load(f)


def fill(grid, polygon, value):
    """Scanline fill of cells whose centre lies inside the polygon (even-odd)."""
    n = len(polygon)
    ys = [p[1] for p in polygon]
    for row in range(max(0, int(min(ys)) - Y0 - 1), min(NY, int(max(ys)) - Y0 + 2)):
        yc = Y0 + row + 0.5
        xs = []
        for i in range(n):
            (xa, ya), (xb, yb) = polygon[i], polygon[(i + 1) % n]
            if (ya <= yc < yb) or (yb <= yc < ya):
                xs.append(xa + (yc - ya) * (xb - xa) / (yb - ya))
        xs.sort()
        for a, b in zip(xs[::2], xs[1::2]):
            c0 = max(0, math.ceil(a - X0 - 0.5))
            c1 = min(NX - 1, math.floor(b - X0 - 0.5))
            for col in range(c0, c1 + 1):
                if value is None:
                    grid.append(row * NX + col)
                else:
                    grid[row * NX + col] = value


def cells_of(polygon):
    out = []
    fill(out, polygon, None)
    return out


def block_line(grid, line):
    (xa, ya), (xb, yb) = line
    steps = int(math.hypot(xb - xa, yb - ya) * 4) + 1
    for k in range(steps + 1):
        x = xa + (xb - xa) * k / steps
        y = ya + (yb - ya) * k / steps
        for dx in (-0.5, 0.5):
            for dy in (-0.5, 0.5):
                col, row = math.floor(x + dx * 0.99 - X0), math.floor(y + dy * 0.99 - Y0)
                if 0 <= col < NX and 0 <= row < NY:
                    grid[row * NX + col] = 0


def raster(venue, block_checkpoints=True):
    grid = bytearray(NX * NY)
    for w in venue["walkable"]:
        fill(grid, w, 1)
    for o in venue.get("obstacles", []):
        fill(grid, o["polygon"], 0)
    if block_checkpoints:
        for c in venue.get("checkpoints", []):
            block_line(grid, c["line"])
    for d in venue.get("doors", []):
        if not d.get("open", True):
            block_line(grid, d["line"])
    return grid


def on_boundary(venue, line):
    """The exit segment lies on an edge of a walkable polygon."""
    (xa, ya), (xb, yb) = line
    for w in venue["walkable"]:
        for i in range(len(w)):
            (px, py), (qx, qy) = w[i], w[(i + 1) % len(w)]
            cross = lambda x, y: (qx - px) * (y - py) - (qy - py) * (x - px)  # noqa: E731
            if abs(cross(xa, ya)) > 1e-6 or abs(cross(xb, yb)) > 1e-6:
                continue
            within = all(min(px, qx) - 1e-6 <= x <= max(px, qx) + 1e-6 and
                         min(py, qy) - 1e-6 <= y <= max(py, qy) + 1e-6
                         for x, y in ((xa, ya), (xb, yb)))
            if within:
                return True
    return False


def exit_cells(grid, line):
    """Walkable cells just inside an exit segment."""
    (xa, ya), (xb, yb) = line
    out = set()
    steps = int(math.hypot(xb - xa, yb - ya)) * 2 + 1
    for k in range(steps + 1):
        x = xa + (xb - xa) * k / steps
        y = ya + (yb - ya) * k / steps
        for dx, dy in ((0.5, 0), (-0.5, 0), (0, 0.5), (0, -0.5)):
            col, row = math.floor(x + dx - X0), math.floor(y + dy - Y0)
            if 0 <= col < NX and 0 <= row < NY and grid[row * NX + col]:
                out.add(row * NX + col)
    return out


def dijkstra(grid, sources):
    dist = [math.inf] * (NX * NY)
    heap = []
    for s in sources:
        dist[s] = 0.5
        heap.append((0.5, s))
    heapq.heapify(heap)
    steps = [(1, 0, 1.0), (-1, 0, 1.0), (0, 1, 1.0), (0, -1, 1.0),
             (1, 1, math.sqrt(2)), (1, -1, math.sqrt(2)), (-1, 1, math.sqrt(2)),
             (-1, -1, math.sqrt(2))]
    while heap:
        d, c = heapq.heappop(heap)
        if d > dist[c]:
            continue
        row, col = divmod(c, NX)
        for dc, dr, w in steps:
            r2, c2 = row + dr, col + dc
            if not (0 <= r2 < NY and 0 <= c2 < NX):
                continue
            n = r2 * NX + c2
            if not grid[n]:
                continue
            if dc and dr and not (grid[row * NX + c2] and grid[r2 * NX + col]):
                continue  # no corner cutting
            nd = d + w
            if nd < dist[n]:
                dist[n] = nd
                heapq.heappush(heap, (nd, n))
    return dist


def stats(dist, cells):
    ds = sorted(dist[c] for c in cells)
    reach = [d for d in ds if d < math.inf]
    if not reach:
        return None
    return dict(mean=sum(reach) / len(reach), p95=reach[int(0.95 * (len(reach) - 1))],
                max=reach[-1], unreachable=len(ds) - len(reach))


def width(line):
    (xa, ya), (xb, yb) = line
    return math.hypot(xb - xa, yb - ya)


def truncnormal(rng, mean, sd, lo, hi):
    while True:
        v = rng.gauss(mean, sd)
        if lo <= v <= hi:
            return v


def lognormal(rng, mean, sd):
    s2 = math.log(1 + (sd / mean) ** 2)
    return rng.lognormvariate(math.log(mean) - s2 / 2, math.sqrt(s2))


def free_flow(label, groups, delay, speed, runs=20, seed=1):
    """Monte Carlo without congestion: each person leaves after `delay` and walks the grid
    distance of a random start cell at a random speed. groups: (count, distances). Gives the
    floor under the simulated times (queues only add)."""
    import random
    rng = random.Random(seed)
    lasts, means, p95s = [], [], []
    for _ in range(runs):
        ts = []
        for n, ds in groups:
            for _ in range(n):
                ts.append(lognormal(rng, *delay) + rng.choice(ds) / truncnormal(rng, *speed))
        ts.sort()
        lasts.append(ts[-1])
        means.append(sum(ts) / len(ts))
        p95s.append(ts[int(0.95 * (len(ts) - 1))])
    print(f"   free-flow {label}: last exit {min(lasts):.0f}-{max(lasts):.0f} s, "
          f"mean {sum(means) / runs:.0f} s, p95 {sum(p95s) / runs:.0f} s ({runs} draws)")
    return ts


def main():
    ok = True
    site = load(os.path.join(FLOR, "site-venue.yaml"))
    entry = load(os.path.join(FLOR, "entry-venue.yaml"))
    for label, venue in (("site", site), ("entry", entry)):
        grid = raster(venue)
        print(f"== {label} venue: walkable {sum(grid):,} m² (1 m raster, obstacles removed), "
              f"{len(venue.get('obstacles', []))} obstacles, {len(venue['exits'])} exits")
        for e in venue["exits"]:
            good = on_boundary(venue, e["line"]) and exit_cells(grid, e["line"])
            ok &= bool(good)
            print(f"   exit {e['name']:<16} {width(e['line']):5.1f} m  "
                  f"{'on the boundary' if good else 'NOT ON THE BOUNDARY / blocked'}")
        names = [x["name"] for k in ("exits", "checkpoints", "zones", "waypoints", "lines", "doors")
                 for x in venue.get(k, [])]
        dup = {n for n in names if names.count(n) > 1}
        if dup:
            ok = False
            print("   DUPLICATE NAMES", dup)
        venue["_grid"] = grid

    # [SECTION] zones of the site and their free area
    grid = site["_grid"]
    zone_cells = {z["name"]: [c for c in cells_of(z["polygon"]) if grid[c]] for z in site["zones"]}
    zone_gross = {z["name"]: len(cells_of(z["polygon"])) for z in site["zones"]}
    print("== site zones: free m² (gross m²)")
    for z in site["zones"]:
        print(f"   {z['name']:<18} {len(zone_cells[z['name']]):7,} ({zone_gross[z['name']]:7,})")

    exits = {e["name"]: e["line"] for e in site["exits"]}
    evac = load(os.path.join(FLOR, "evacuation.yaml"))
    counts = {p["in"]: p["count"] for p in evac["populations"]}
    total = sum(counts.values())

    def egress(label, allowed):
        src = set()
        for n in allowed:
            src |= exit_cells(grid, exits[n])
        dist = dijkstra(grid, src)
        w = sum(width(exits[n]) for n in allowed)
        print(f"== {label}: {total:,} persons, {len(allowed)} exits, {w:.0f} m in all")
        worst = 0
        for zone, n in counts.items():
            s = stats(dist, zone_cells[zone])
            dens = n / len(zone_cells[zone])
            print(f"   {zone:<18} {n:6,} persons  {dens:.3f} P/m²  walk to nearest exit "
                  f"mean {s['mean']:4.0f} m  max {s['max']:4.0f} m  unreachable cells {s['unreachable']}")
            worst = max(worst, s["max"])
        for scale in (1.0, 0.05):
            groups = [(round(n * scale), [dist[x] for x in zone_cells[z] if dist[x] < math.inf])
                      for z, n in counts.items()]
            free_flow(f"{scale:.0%} of the persons", groups, (60, 30), (1.25, 0.3, 0.6, 2.0),
                      runs=3 if scale == 1.0 else 20)
        t_flow = total / (w * Q)
        print(f"   flow time {total:,} / ({w:.0f} m x {Q}) = {t_flow:.0f} s; "
              f"longest walk {worst:.0f} m = {worst / 1.25:.0f} s at 1.25 m/s "
              f"({worst / 1.34:.0f} s at 1.34)")
        return dist

    all_exits = [n for n in exits if n != "cable-car"]
    egress("evacuation", all_exits)
    egress("evacuation, west-gates blocked", [n for n in all_exits if n != "west-gates"])

    # [SECTION] concert: distances from the field
    field = zone_cells["event-field"]
    print(f"== concert: field free area {len(field)} m²")
    fd = {}
    for n in ("west-gates", "west-lakeside", "se-gates"):
        d = dijkstra(grid, exit_cells(grid, exits[n]))
        fd[n] = [d[x] for x in field]
        s = stats(d, field)
        print(f"   field -> {n:<14} mean {s['mean']:4.0f} m  max {s['max']:4.0f} m  "
              f"({s['mean'] / 1.34:.0f} s / {s['max'] / 1.34:.0f} s at 1.34 m/s)")

    for scale in (1.0, 0.05):
        west, se = round(6500 * scale), round(3500 * scale)
        tw = free_flow(f"concert West {scale:.0%}", [(west, fd["west-gates"])], (60, 40),
                       (1.34, 0.26, 0.6, 2.0), runs=3 if scale == 1.0 else 20)
        print(f"      share of the West group out by 450 s (free flow): "
              f"{sum(t < 450 for t in tw) / len(tw):.0%}")
        free_flow(f"concert SE {scale:.0%}", [(se, fd["se-gates"])], (60, 40),
                  (1.34, 0.26, 0.6, 2.0), runs=3 if scale == 1.0 else 20)

    # [SECTION] entry venue: reachability of checkpoints and exits from the spawn strips
    egrid = raster(entry, block_checkpoints=False)
    ezones = {z["name"]: z["polygon"] for z in entry["zones"]}
    for spawn, out in (("west-arrivals", "west-into-site"), ("se-bus-stop", "se-into-site")):
        eexits = {e["name"]: e["line"] for e in entry["exits"]}
        dist = dijkstra(egrid, exit_cells(egrid, eexits[out]))
        s = stats(dist, [c for c in cells_of(ezones[spawn]) if egrid[c]])
        print(f"== entry: {spawn} -> {out}: walk mean {s['mean']:.0f} m, max {s['max']:.0f} m, "
              f"unreachable {s['unreachable']}")
        ok &= s["unreachable"] == 0
    print("OK" if ok else "PROBLEMS FOUND")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
