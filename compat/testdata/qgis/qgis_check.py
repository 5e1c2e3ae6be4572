"""Load tables of schema public as QGIS postgres layers from the server in
the libpq environment variables. Count their features and read the
features in a bounding box. Print what QGIS returned for each table as
JSON, for the Go test to compare with PostgreSQL's output. Run it
headless, with QT_QPA_PLATFORM=offscreen.

    qgis_check.py XMIN YMIN XMAX YMAX TABLE...
"""

import json
import os
import sys

from qgis.core import (
    Qgis,
    QgsApplication,
    QgsDataSourceUri,
    QgsFeatureRequest,
    QgsRectangle,
    QgsVectorLayer,
    QgsWkbTypes,
)


def describe(table, rect):
    uri = QgsDataSourceUri()
    uri.setConnection(
        os.environ["PGHOST"],
        os.environ["PGPORT"],
        os.environ["PGDATABASE"],
        os.environ["PGUSER"],
        os.environ["PGPASSWORD"],
        QgsDataSourceUri.SslDisable,
    )
    uri.setDataSource("public", table, "geom")
    layer = QgsVectorLayer(uri.uri(False), table, "postgres")
    if not layer.isValid():
        # QGIS 3.22 crashes in error() of such a layer, and the message
        # log has already printed why.
        return {"valid": False}

    names = []
    for feature in layer.getFeatures(QgsFeatureRequest().setFilterRect(rect)):
        names.append(feature["name"])
    extent = layer.extent()
    return {
        "valid": True,
        "feature_count": layer.featureCount(),
        "geometry_type": QgsWkbTypes.displayString(layer.wkbType()),
        "crs": layer.crs().authid(),
        "fields": [f.name() + " " + f.typeName() for f in layer.fields()],
        "extent": [round(v, 6) for v in (extent.xMinimum(), extent.yMinimum(),
                                        extent.xMaximum(), extent.yMaximum())],
        "in_rect": len(names),
        "in_rect_names": sorted(names)[:10],
    }


def log_message(message, tag, level):
    if level >= Qgis.Warning:
        print(f"QGIS {tag}: {message}", file=sys.stderr, flush=True)


def main():
    if len(sys.argv) < 6:
        sys.exit(__doc__)
    rect = QgsRectangle(*(float(v) for v in sys.argv[1:5]))
    tables = sys.argv[5:]
    app = QgsApplication([], False)
    app.initQgis()
    # The postgres provider reports failed queries only to the message
    # log, so they go to standard error for the test's failure message.
    QgsApplication.messageLog().messageReceived.connect(log_message)
    try:
        result = {table: describe(table, rect) for table in tables}
    finally:
        app.exitQgis()
    json.dump(result, sys.stdout, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
