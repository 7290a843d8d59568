"""The seed's server (healeycodes/Raspberry-Pi-Live-Cam app.py design), rewritten minimal for the benchmark.

POST /?password=... overwrites the one-row SQLite table with the request body (a connection per request, as the
seed does); GET /live.jpeg returns it. GET /stats is added for the benchmark: frames and bytes accepted so far.
Usage: python3 server.py <database path>   (prints the listening port on stdout, then serves until SIGTERM)
"""
import json
import os
import signal
import sqlite3
import sys
import threading

from flask import Flask, Response, request
from werkzeug.serving import make_server

app = Flask(__name__)
database = sys.argv[1]
password = os.environ.get("PASSWORD", "bench")
stats_lock = threading.Lock()
stats = {"frames": 0, "bytes": 0, "not_jpeg": 0, "rejected": 0}


def connect():
    return sqlite3.connect(database)


@app.post("/")
def upload():
    if request.args.get("password") != password:
        with stats_lock:
            stats["rejected"] += 1
        return "wrong password", 400
    body = request.get_data()
    db = connect()
    try:
        db.execute("UPDATE frame SET image = ? WHERE id = 1", (body,))
        db.commit()
    finally:
        db.close()
    with stats_lock:
        stats["frames"] += 1
        stats["bytes"] += len(body)
        # Counted, not rejected: the seed stores whatever it is sent.
        if not (body.startswith(b"\xff\xd8") and body.endswith(b"\xff\xd9")):
            stats["not_jpeg"] += 1
    return "ok"


@app.get("/live.jpeg")
def live():
    db = connect()
    try:
        row = db.execute("SELECT image FROM frame WHERE id = 1").fetchone()
    finally:
        db.close()
    return Response(row[0] or b"", mimetype="image/jpeg")


@app.get("/stats")
def get_stats():
    with stats_lock:
        return Response(json.dumps(stats), mimetype="application/json")


def main():
    db = connect()
    db.execute("CREATE TABLE IF NOT EXISTS frame (id INTEGER PRIMARY KEY, image BLOB)")
    db.execute("INSERT OR REPLACE INTO frame (id, image) VALUES (1, NULL)")
    db.commit()
    db.close()
    # Port 0: the OS picks a free port, printed so the bench knows where to post without guessing.
    server = make_server("127.0.0.1", 0, app, threaded=True)
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    print(server.server_port, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
