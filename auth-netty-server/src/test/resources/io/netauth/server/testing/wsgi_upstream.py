"""The application behind a proxy in tests, as a real WSGI server (the standard library's wsgiref).

wsgiref folds each request header into the environ as WSGI (PEP 3333) and CGI do: upper case, "-" to "_", with
HTTP_ in front, so X-Auth-Roles, x-auth-roles and X_Auth_Roles all become HTTP_X_AUTH_ROLES (joined with ","
when several arrive). It answers, as JSON, its environ's HTTP_X_AUTH_* keys and every header line whose name,
folded the same way, starts with x-auth-, as it came.

Usage: python3 wsgi_upstream.py PORT
"""
import json
import sys
from wsgiref.simple_server import WSGIRequestHandler, make_server


class Handler(WSGIRequestHandler):
    def get_environ(self):
        env = super().get_environ()
        env["netauth.test.headers"] = [[name, value] for name, value in self.headers.items()
                                       if name.lower().replace("_", "-").startswith("x-auth-")]
        return env

    def log_message(self, *args):
        pass


def app(environ, start_response):
    seen = {"path": environ.get("PATH_INFO", ""),
            "environ": {k: v for k, v in environ.items() if k.startswith("HTTP_X_AUTH_")},
            "headers": environ["netauth.test.headers"]}
    body = json.dumps(seen).encode("utf-8")
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]


if __name__ == "__main__":
    make_server("127.0.0.1", int(sys.argv[1]), app, handler_class=Handler).serve_forever()
