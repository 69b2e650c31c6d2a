#!/usr/bin/env python3
"""Writes the DXF site plan of the `stroom import` tests with ezdxf (Debian's python3-ezdxf),
so that the plan comes from another program than Stroom. Usage: make_site_dxf.py OUT.dxf [KIND]

KIND "site" (default), a festival field in metres:
  SITE    a 40 m x 20 m rectangle whose east side is a semicircle of radius 10 m (a polyline
          bulge of 1): area 800 + pi 10^2 / 2 m^2
  OBST    a circle of radius 2 m (a mast) and a stage: 6 m x 4 m with semicircular ends of
          radius 2 m (two bulges): pi 2^2 + 6 * 4 + pi 2^2 m^2; an arc (open) on NOTES
  EXITS   two lines on the fence, labelled by texts next to them
  ZONES   a closed polyline labelled "field" by a text inside it
  POINTS  a POINT entity and a circle (waypoints)
  LINES   a measurement line across the field
  NOTES   an arc and a text that no role takes
KIND "open": SITE is an open polyline (the ends 5 m apart).
KIND "offexit": an exit 1 m inside the fence.
KIND "mm": the site drawing in millimetres (as architects draw), every length x 1000.
KIND "lines": SITE drawn as separate LINE and ARC entities (two lines drawn backwards).
"""
import sys

import ezdxf


def main():
    out = sys.argv[1]
    kind = sys.argv[2] if len(sys.argv) > 2 else "site"
    k = 1000.0 if kind == "mm" else 1.0  # plan units per metre

    def p(x, y):
        return (x * k, y * k)

    doc = ezdxf.new("R2010")
    msp = doc.modelspace()
    for name in ["SITE", "OBST", "EXITS", "ZONES", "POINTS", "LINES", "NOTES"]:
        doc.layers.add(name)
    # (x, y, start width, end width, bulge): the bulge of a vertex shapes the segment after it.
    site = [(*p(0, 0), 0, 0, 0), (*p(40, 0), 0, 0, 1.0), (*p(40, 20), 0, 0, 0),
            (*p(0, 20), 0, 0, 0)]
    if kind == "open":
        site = site + [(*p(0, 5), 0, 0, 0)]
    if kind == "lines":
        site_layer = {"layer": "SITE"}
        msp.add_line(p(40, 0), p(0, 0), dxfattribs=site_layer)
        msp.add_arc(p(40, 10), 10 * k, -90, 90, dxfattribs=site_layer)
        msp.add_line(p(0, 20), p(40, 20), dxfattribs=site_layer)
        msp.add_line(p(0, 0), p(0, 20), dxfattribs=site_layer)
    else:
        msp.add_lwpolyline(site, format="xyseb", close=(kind != "open"),
                           dxfattribs={"layer": "SITE"})
    msp.add_circle(p(20, 10), 2 * k, dxfattribs={"layer": "OBST"})
    stage = [(*p(26, 4), 0, 0, 0), (*p(32, 4), 0, 0, 1.0), (*p(32, 8), 0, 0, 0),
             (*p(26, 8), 0, 0, 1.0)]
    msp.add_lwpolyline(stage, format="xyseb", close=True, dxfattribs={"layer": "OBST"})
    msp.add_text("stage", dxfattribs={"layer": "OBST", "insert": p(28, 6), "height": 0.5 * k})
    west = (p(1, 8), p(1, 12)) if kind == "offexit" else (p(0, 8), p(0, 12))
    msp.add_line(*west, dxfattribs={"layer": "EXITS"})
    msp.add_text("west-gate", dxfattribs={"layer": "EXITS", "insert": p(0.5, 10),
                                          "height": 0.5 * k})
    msp.add_line(p(10, 20), p(14, 20), dxfattribs={"layer": "EXITS"})
    msp.add_text("north-gate", dxfattribs={"layer": "EXITS", "insert": p(12, 19.5),
                                           "height": 0.5 * k})
    msp.add_lwpolyline([p(2, 2), p(16, 2), p(16, 18), p(2, 18)], close=True,
                       dxfattribs={"layer": "ZONES"})
    msp.add_text("field", dxfattribs={"layer": "ZONES", "insert": p(8, 10), "height": k})
    msp.add_point(p(36, 10), dxfattribs={"layer": "POINTS"})
    msp.add_circle(p(8, 15), 1.5 * k, dxfattribs={"layer": "POINTS"})
    msp.add_line(p(17, 0), p(17, 20), dxfattribs={"layer": "LINES"})
    msp.add_arc(p(5, 5), 3 * k, 0, 90, dxfattribs={"layer": "NOTES"})
    msp.add_text("drawn by the organiser", dxfattribs={"layer": "NOTES", "insert": p(0, -2)})
    doc.saveas(out)


if __name__ == "__main__":
    main()
