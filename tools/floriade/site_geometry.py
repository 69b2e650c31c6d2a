"""Geometry of the Floriade Expo 2022 site model (Almere), in one place.

Every coordinate of scenarios/floriade/site-venue.yaml and entry-venue.yaml comes from
here; generate.py writes the YAML and SVG files. Metres; origin at the south-west corner of
the modelled area; x to the east along the Weerwater, y to the north (towards the lake).
Which figures come from sources and which are assumptions: docs/floriade.md.
"""

# [SECTION] Outline: the fenced site (60 ha) plus the two entrance forecourts

# Weerwater shoreline, the site's northern edge, from east to west. Shape assumed: a
# gently curved shore, deepest in the middle. Together with the 1,100 m fence along the
# south (A6 side) it gives the 60 ha of the sources.
SHORE = [(1160, 480), (1100, 500), (1000, 520), (900, 545), (800, 565), (700, 575),
         (600, 578), (500, 575), (400, 568), (300, 560), (200, 552), (120, 545), (60, 540)]

# The fence runs x = 60 (west) to x = 1160 (east), y = 0 (south, A6 side) to the shore.
# The forecourts lie outside the fence: west x 0..60, y 280..380; south-east x 1160..1220,
# y 100..180. Counter-clockwise.
OUTLINE = ([(0, 280), (60, 280), (60, 0), (1160, 0), (1160, 100), (1220, 100), (1220, 180),
            (1160, 180)] + SHORE + [(60, 380), (0, 380)])
FENCE = [(60, 0), (1160, 0)] + SHORE  # the 60 ha inside the fence, for the area check


def shore_y(x):
    """y of the shoreline at x (linear between the SHORE points)."""
    pts = sorted(SHORE)
    for (x0, y0), (x1, y1) in zip(pts, pts[1:]):
        if x0 <= x <= x1:
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    raise ValueError(x)


def under_shore(x0, x1, y0, gap):
    """Polygon x0..x1 from y0 up to `gap` metres below the shoreline (follows its bends)."""
    top = [(x, shore_y(x) - gap) for x, _ in sorted(SHORE, reverse=True) if x0 < x < x1]
    return [(x0, y0), (x1, y0), (x1, round(shore_y(x1) - gap))] + \
        [(x, round(y)) for x, y in top] + [(x0, round(shore_y(x0) - gap))]


def rect(x0, y0, x1, y1):
    return [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]


def overlaps(a, b, margin=0):
    """Axis-aligned rectangles (x0, y0, x1, y1) overlap, with a margin around b."""
    return not (a[2] <= b[0] - margin or a[0] >= b[2] + margin or
                a[3] <= b[1] - margin or a[1] >= b[3] + margin)


# [SECTION] Features (axis-aligned boxes x0, y0, x1, y1)

STAGE = (600, 20, 680, 44)          # stage, wings and the front-of-stage pit
EVENT_FIELD = (580, 44, 700, 84)    # standing area 120 m x 40 m = 4,800 m² gross
FOH = (636, 70, 644, 76)            # front-of-house mixing tower inside the field, 48 m²
LAGOON = (520, 400, 740, 520)       # water around Utopia island
ISLAND = (560, 430, 700, 490)       # Utopia island, 8,400 m²
SOUTH_BRIDGE = (626, 634)           # x span of the 8 m bridge on the south side
EAST_BRIDGE = (456, 464)            # y span of the 8 m bridge on the east side
GREENHOUSE = (848, 260, 962, 354)   # outer walls; 110 m x 90 m = 9,900 m² inside
GH_WALL = 2
GH_DOOR = 8                          # one 8 m sliding door in the middle of each side
CABLE_STATION = (799, -2, 841, 36)  # north (site) station of the cable car, walls 6 m
CABLE_POCKET = (805, 0, 835, 30)    # boarding hall behind the gate line
CABLE_GATE = (814, 826)             # x span of the boarding gate in the north wall

# Plot grid: 192 plots of about 1,000 m² (source). Grouped by four into blocks: one
# obstacle of 52 m x 46 m (2,392 m², about 60 % of the four plots: pavilions, planting and
# water that people do not walk through) on a pitch of 80 m x 72 m, leaving 26-28 m
# between blocks for the paths and the walkable part of the gardens. The row gap at
# y 220..250 is the 30 m east-west boulevard.
BLOCK_COLUMNS = [(x, x + 52) for x in range(200, 1001, 80)]
BLOCK_ROWS = [(30, 76), (102, 148), (174, 220), (250, 296), (322, 368), (394, 440),
              (466, 512)]
ARBORETUM = (200, 10, 470, 220)     # arboretum district: groves instead of plot blocks
RESERVED = [  # (box, margin): no plot blocks here
    ((68, 180, 200, 420), 0),       # West entrance plaza
    (ARBORETUM, 0),
    ((540, 0, 740, 124), 0),        # event lawn around stage and field
    (LAGOON, 20),
    (GREENHOUSE, 20),
    ((770, 0, 870, 100), 0),        # cable-car station and its queueing plaza
    ((1060, 0, 1160, 240), 0),      # South-east entrance plaza
]


def plot_blocks():
    blocks = []
    for y0, y1 in BLOCK_ROWS:
        for x0, x1 in BLOCK_COLUMNS:
            box = (x0, y0, x1, y1)
            if any(overlaps(box, r, m) for r, m in RESERVED):
                continue
            if min(shore_y(x0), shore_y(x1)) - y1 < 10:  # keep a 10 m shore path
                continue
            blocks.append(box)
    return blocks


def groves():
    """Arboretum: 20 m x 20 m groves of dense planting on a 40 m pitch."""
    out = []
    for x in range(210, 451, 40):
        for y in range(30, 191, 40):
            out.append((x, y, x + 20, y + 20))
    return out


def water():
    """The lagoon around Utopia island, as four polygons leaving the two bridges open."""
    lx0, ly0, lx1, ly1 = LAGOON
    ix0, iy0, ix1, iy1 = ISLAND
    b0, b1 = SOUTH_BRIDGE
    e0, e1 = EAST_BRIDGE
    return [
        ("lagoon-south-west", rect(lx0, ly0, b0, iy0)),
        ("lagoon-south-east", rect(b1, ly0, lx1, iy0)),
        ("lagoon-west-north", [(lx0, iy0), (ix0, iy0), (ix0, iy1), (ix1, iy1), (ix1, e1),
                               (lx1, e1), (lx1, ly1), (lx0, ly1)]),
        ("lagoon-east-south", rect(ix1, iy0, lx1, e0)),
    ]


def greenhouse_walls():
    x0, y0, x1, y1 = GREENHOUSE
    w, d = GH_WALL, GH_DOOR
    mx, my = (x0 + x1) // 2, (y0 + y1) // 2
    return [
        ("greenhouse-wall-s1", rect(x0, y0, mx - d // 2, y0 + w)),
        ("greenhouse-wall-s2", rect(mx + d // 2, y0, x1, y0 + w)),
        ("greenhouse-wall-n1", rect(x0, y1 - w, mx - d // 2, y1)),
        ("greenhouse-wall-n2", rect(mx + d // 2, y1 - w, x1, y1)),
        ("greenhouse-wall-w1", rect(x0, y0 + w, x0 + w, my - d // 2)),
        ("greenhouse-wall-w2", rect(x0, my + d // 2, x0 + w, y1 - w)),
        ("greenhouse-wall-e1", rect(x1 - w, y0 + w, x1, my - d // 2)),
        ("greenhouse-wall-e2", rect(x1 - w, my + d // 2, x1, y1 - w)),
    ]


def greenhouse_beds():
    """Four 30 m x 20 m planting beds inside the greenhouse."""
    return [(f"greenhouse-bed-{i + 1}", rect(cx - 15, cy - 10, cx + 15, cy + 10))
            for i, (cx, cy) in enumerate([(880, 285), (930, 285), (880, 329), (930, 329)])]


def cable_station():
    x0, y0, x1, y1 = CABLE_STATION
    px0, _, px1, py1 = CABLE_POCKET
    g0, g1 = CABLE_GATE
    return [
        ("cable-car-station-w", rect(x0, y0, px0, y1)),
        ("cable-car-station-e", rect(px1, y0, x1, y1)),
        ("cable-car-station-n1", rect(px0, py1, g0, y1)),
        ("cable-car-station-n2", rect(g1, py1, px1, y1)),
    ]


# [SECTION] Entrances

# West entrance (train, bus, coach, bike, pedestrians, boats): the forecourt outside the
# fence leads through one line of bag-check tables in the entrance building (x 60..68)
# into a 36 m deep channel that ends at the ticket turnstiles; leaving visitors use the
# separate egress gates further south in the fence.
WEST = dict(
    building=[rect(60, 270, 68, 310), rect(60, 334, 68, 390)],
    channel=[rect(68, 307, 104, 310), rect(68, 334, 104, 337)],
    bag_line=((64, 310), (64, 334)), bag_lanes=16,
    ticket_line=((100, 310), (100, 334)), ticket_lanes=10,
    admitted_line=((106, 300), (106, 344)),
    egress=((60, 200), (60, 224)),       # 24 m of egress gates: the site exit
)
# South-east entrance (shuttle buses from the car park at Twentsekant): the same pattern,
# mirrored, smaller.
SOUTH_EAST = dict(
    building=[rect(1152, 90, 1160, 128), rect(1152, 144, 1160, 190)],
    channel=[rect(1120, 125, 1152, 128), rect(1120, 144, 1152, 147)],
    bag_line=((1156, 128), (1156, 144)), bag_lanes=8,
    ticket_line=((1124, 128), (1124, 144)), ticket_lanes=6,
    admitted_line=((1118, 118), (1118, 154)),
    egress=((1160, 40), (1160, 52)),     # 12 m of egress gates: the site exit
)

# Service times (s per person, lognormal; assumptions, see docs/floriade.md).
BAG_SERVICE = (8, 4)      # visual bag check at a table: mean 8 s, sd 4 s
TICKET_SERVICE = (4, 2)   # QR-code scan at a turnstile: mean 4 s, sd 2 s
CABLE_SERVICE = 1.6       # 3,600 s / 2,250 persons per hour and direction (source)

# [SECTION] Exits of the site venue: segments on the fence

EMERGENCY_WIDTH = 6  # m, assumed: a double fence gate of 2 x 3 m that also admits fire appliances
EXITS = [
    ("west-gates", WEST["egress"]),
    ("se-gates", SOUTH_EAST["egress"]),
    ("west-lakeside", ((60, 492), (60, 480))),   # 12 m gate to the lakeside path (boats, centre)
    ("em-west-1", ((60, 106), (60, 100))),
    ("em-south-1", ((250, 0), (256, 0))),
    ("em-south-2", ((480, 0), (486, 0))),
    ("em-south-3", ((750, 0), (756, 0))),
    ("em-south-4", ((980, 0), (986, 0))),
    ("em-east-1", ((1160, 300), (1160, 306))),
    ("em-east-2", ((1160, 420), (1160, 426))),
    ("cable-car", ((805, 0), (835, 0))),          # the cabins: leaving across the A6
]


def zones():
    """Named areas: (name, polygon, extra keys). The garden, arboretum, island and greenhouse
    zones are `indoor`: a visitor who stays there is in the gardens, among the trees or in the
    pavilions, which the model keeps as obstacles, not on the walkways (docs/floriade.md)."""
    indoor = {"indoor": True}
    fx0, fy0, fx1, fy1 = EVENT_FIELD
    field_net = (fx1 - fx0) * (fy1 - fy0) - (FOH[2] - FOH[0]) * (FOH[3] - FOH[1])
    gx0, gy0, gx1, gy1 = GREENHOUSE
    return [
        ("west-forecourt", rect(0, 280, 60, 380), {"max_density": 2.5}),
        # the plazas leave out the entry channels between the bag-check and ticket lines
        ("west-plaza", [(68, 180), (200, 180), (200, 420), (68, 420), (68, 338), (105, 338),
                        (105, 306), (68, 306)], {"max_density": 2.5}),
        ("arboretum", rect(*ARBORETUM), indoor),
        ("grid-west", under_shore(200, 510, 230, 10), indoor),
        ("event-lawn", rect(500, 10, 760, 170), {}),
        ("event-field", rect(*EVENT_FIELD),
         {"capacity": int(field_net * 2.5), "max_density": 2.5}),
        ("grid-central", rect(510, 180, 760, 390), indoor),
        ("utopia-island", rect(*ISLAND), indoor),
        ("grid-east-south", rect(770, 100, 1050, 250), indoor),
        ("grid-east-north", [(770, 250), (gx0 - 2, 250), (gx0 - 2, gy1 + 2), (gx1 + 2, gy1 + 2),
                             (gx1 + 2, 250), (1050, 250)] + under_shore_top(770, 1050, 10), indoor),
        ("greenhouse", rect(gx0 + GH_WALL, gy0 + GH_WALL, gx1 - GH_WALL, gy1 - GH_WALL), indoor),
        ("cable-car-plaza", rect(780, 36, 860, 96), {}),
        ("se-plaza", [(1060, 10), (1150, 10), (1150, 124), (1119, 124), (1119, 148), (1150, 148),
                      (1150, 230), (1060, 230)], {"max_density": 2.5}),
        ("se-forecourt", rect(1160, 100, 1220, 180), {"max_density": 2.5}),
    ]


def under_shore_top(x0, x1, gap):
    """The top edge of under_shore(), from x1 back to x0."""
    return under_shore(x0, x1, 0, gap)[2:]


WAYPOINTS = [  # assumed positions of first-aid posts
    ("first-aid-west", (130, 200), 3.0),
    ("first-aid-central", (560, 236), 3.0),
    ("first-aid-east", (1050, 236), 3.0),
    # The concert audience waits where it stands: a disc covering the whole field (farthest
    # corner 63.2 m from its centre), so a stay there starts on the spot. A stay in the zone
    # instead sends every person to a random spot of the field first, which at 2.1 P/m²
    # turns the field into a 10,000-person cross-flow.
    ("event-field-standing", (640, 64), 64.0),
]

LINES = [
    ("west-admitted", WEST["admitted_line"]),
    ("se-admitted", SOUTH_EAST["admitted_line"]),
    ("boulevard-west", ((300, 220), (300, 250))),
    ("utopia-south-bridge", ((SOUTH_BRIDGE[0], 415), (SOUTH_BRIDGE[1], 415))),
    ("utopia-east-bridge", ((720, EAST_BRIDGE[0]), (720, EAST_BRIDGE[1]))),
]


def obstacles():
    """All obstacles of the site venue: (name, polygon)."""
    out = []
    for i, b in enumerate(plot_blocks()):
        out.append((f"plot-block-{i + 1:02d}", rect(*b)))
    for i, g in enumerate(groves()):
        out.append((f"arboretum-grove-{i + 1:02d}", rect(*g)))
    out += water()
    out.append(("stage", rect(*STAGE)))
    out.append(("front-of-house", rect(*FOH)))
    out += greenhouse_walls()
    out += greenhouse_beds()
    out += cable_station()
    out += entrance_obstacles()
    return out


def entrance_obstacles():
    out = []
    for tag, e in (("west", WEST), ("se", SOUTH_EAST)):
        for i, p in enumerate(e["building"]):
            out.append((f"{tag}-entrance-building-{i + 1}", p))
        for i, p in enumerate(e["channel"]):
            out.append((f"{tag}-entry-channel-wall-{i + 1}", p))
    return out


def checkpoints():
    """(name, line, lanes, service) of the site venue."""
    bag = {"lognormal": {"mean": BAG_SERVICE[0], "sd": BAG_SERVICE[1]}}
    ticket = {"lognormal": {"mean": TICKET_SERVICE[0], "sd": TICKET_SERVICE[1]}}
    return [
        ("west-bag-check", WEST["bag_line"], WEST["bag_lanes"], bag),
        ("west-ticket-scan", WEST["ticket_line"], WEST["ticket_lanes"], ticket),
        ("se-bag-check", SOUTH_EAST["bag_line"], SOUTH_EAST["bag_lanes"], bag),
        ("se-ticket-scan", SOUTH_EAST["ticket_line"], SOUTH_EAST["ticket_lanes"], ticket),
        ("cable-car-boarding", ((CABLE_GATE[0], 33), (CABLE_GATE[1], 33)), 1, CABLE_SERVICE),
    ]


# [SECTION] Entry venue: the two entrance areas only (morning-peak entry scenario)

ENTRY_WEST = [(0, 280), (60, 280), (60, 240), (200, 240), (200, 420), (60, 420), (60, 380),
              (0, 380)]
ENTRY_SE = [(1040, 60), (1160, 60), (1160, 100), (1220, 100), (1220, 180), (1160, 180),
            (1160, 220), (1040, 220)]
ENTRY_EXITS = [
    ("west-into-site", ((200, 240), (200, 420))),  # the plaza's far side: the site beyond
    ("se-into-site", ((1040, 220), (1040, 60))),
]
ENTRY_ZONES = [
    ("west-forecourt", rect(0, 280, 60, 380), {"max_density": 2.5}),
    ("west-arrivals", rect(2, 285, 12, 375), {}),
    ("west-plaza", rect(68, 240, 200, 420), {"max_density": 2.5}),
    ("se-forecourt", rect(1160, 100, 1220, 180), {"max_density": 2.5}),
    ("se-bus-stop", rect(1208, 105, 1218, 175), {}),
    ("se-plaza", rect(1040, 60, 1152, 220), {"max_density": 2.5}),
]
ENTRY_LINES = [("west-admitted", WEST["admitted_line"]), ("se-admitted", SOUTH_EAST["admitted_line"])]
