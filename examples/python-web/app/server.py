"""python-web: a small HTTP service on the standard library only.

In the dev stack app/ is bind-mounted and reloader.py restarts this server when a file in it
changes: edit GREETING and the next request shows it.
"""

import json
import os
import signal
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

GREETING = "Hello from python-web!"


class Handler(BaseHTTPRequestHandler):
    server_version = "python-web"

    def do_GET(self):
        if self.path == "/healthz":
            self.reply(200, "application/json", json.dumps({"status": "ok"}))
        elif self.path == "/":
            self.reply(200, "text/plain; charset=utf-8", GREETING + "\n")
        else:
            self.reply(404, "text/plain; charset=utf-8", "not found\n")

    def reply(self, status, content_type, text):
        body = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        if self.path != "/healthz":  # the healthcheck every 2 s would drown the log
            print(f"{self.address_string()} {format % args}", flush=True)


def main():
    port = int(os.environ.get("PORT", "8000"))
    server = ThreadingHTTPServer(("0.0.0.0", port), Handler)
    # Stop at once on `docker stop` or a reload: no request is worth a slow restart here.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
    print(f"python-web: listening on :{port}", flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
