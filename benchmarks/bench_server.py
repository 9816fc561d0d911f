#!/usr/bin/env python3
"""Latency of the language server and throughput of the HTTP API, measured by hand.

Usage (from the repo root, with the server extra installed):

    python benchmarks/bench_server.py [--changes N] [--words W] [--requests N]
                                      [--clients 1,4] [--skip-lsp] [--skip-http]

Language server: starts ``python -m newslint server`` as a subprocess, talks to it
over stdio with pygls' client, opens a story of W words (default 1,000, built from
the seed story's paragraphs) and types into it, one character per change, N times
(default 300). For each change it times the interval from sending
``textDocument/didChange`` to receiving the ``publishDiagnostics`` for that version:
what an editor waits before the squiggles move. Each change waits for its
diagnostics before the next, so no change is folded into another.

HTTP API: starts ``python -m newslint serve --port 0 --isolated`` and sends
``POST /v2/check`` with the seed story, N requests per run (default 1,000), from 1
and from 4 client threads with keep-alive connections, and from 1 client opening
a connection per request (as language-tool-python does). It prints requests per
second and the median and 95th percentile latency of a request.

Everything runs on this machine's loopback interface, bounded in count; the CPU
count and load average are printed, because other work slows every figure.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from corpus_io import REPO_ROOT, machine_note, use_checkout

use_checkout()

from lsprotocol import types  # noqa: E402
from pygls.lsp.client import LanguageClient  # noqa: E402

from newslint.api import check_text  # noqa: E402
from newslint.workspace import Workspace  # noqa: E402

SEED = REPO_ROOT / "seeds" / "blinken-middle-east-trip.txt"


def story_of(words: int) -> str:
    """A story of exactly ``words`` words: the seed's headline, its paragraphs repeated, its copyright line."""
    lines = SEED.read_text(encoding="utf-8").splitlines()
    headline, paragraphs, tail = lines[0], lines[1:-1], lines[-1]
    budget = words - len(headline.split()) - len(tail.split())
    body: list[str] = []
    while budget > 0:
        for paragraph in paragraphs:
            taken = paragraph.split()[:budget]
            body.append(" ".join(taken))
            budget -= len(taken)
            if budget <= 0:
                break
    return "\n".join([headline, *body, tail]) + "\n"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def summary(label: str, millis: list[float]) -> str:
    return (
        f"{label}: n={len(millis)} median {statistics.median(millis):.2f} ms, "
        f"p95 {percentile(millis, 0.95):.2f} ms, p99 {percentile(millis, 0.99):.2f} ms, "
        f"min {min(millis):.2f} ms, max {max(millis):.2f} ms"
    )


async def lsp_latency(text: str, changes: int) -> list[float]:
    client = LanguageClient("bench-server", "1")
    waiting: dict[int, asyncio.Future[float]] = {}

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def diagnostics(ls: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
        future = waiting.get(params.version or 0)
        if future is not None and not future.done():
            future.set_result(time.perf_counter())

    await client.start_io(sys.executable, "-m", "newslint", "server", cwd=str(REPO_ROOT))
    root = REPO_ROOT.as_uri()
    capabilities = types.ClientCapabilities()
    await client.initialize_async(types.InitializeParams(capabilities=capabilities, root_uri=root))
    client.initialized(types.InitializedParams())
    uri = (REPO_ROOT / "bench-story.txt").as_uri()
    loop = asyncio.get_running_loop()
    waiting[1] = loop.create_future()
    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "plaintext", 1, text)))
    await asyncio.wait_for(waiting[1], 60)  # the first check loads the rules

    # Type "abc " repeatedly in the middle of the body, one character per change; the
    # server asks for full document sync, so each change carries the whole text.
    middle = len(text) // 2
    typed = "abc "
    millis: list[float] = []
    for i in range(changes):
        version = i + 2
        waiting[version] = loop.create_future()
        text = text[: middle + i] + typed[i % len(typed)] + text[middle + i :]
        change = types.TextDocumentContentChangeWholeDocument(text=text)
        params = types.DidChangeTextDocumentParams(types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                                                   [change])
        sent = time.perf_counter()
        client.text_document_did_change(params)
        received = await asyncio.wait_for(waiting[version], 30)
        millis.append((received - sent) * 1000)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return millis


def in_process(text: str, runs: int = 100) -> list[float]:
    rules = Workspace().rules_for(REPO_ROOT / "bench-story.txt")
    millis = []
    for _ in range(runs):
        start = time.perf_counter()
        check_text(text, rules)
        millis.append((time.perf_counter() - start) * 1000)
    return millis


def start_api() -> tuple[subprocess.Popen[str], int]:
    process = subprocess.Popen(
        [sys.executable, "-m", "newslint", "serve", "--port", "0", "--isolated"],
        cwd=REPO_ROOT, stderr=subprocess.PIPE, text=True,
    )
    assert process.stderr is not None
    line = process.stderr.readline()
    if "LanguageTool API on" not in line:
        process.kill()
        raise SystemExit(f"newslint serve did not start: {line.strip()}")
    port = int(line.split("http://127.0.0.1:")[1].split("/")[0])
    return process, port


def http_run(port: int, body: bytes, requests: int, clients: int, keep_alive: bool) -> tuple[float, list[float]]:
    """Send ``requests`` checks from ``clients`` threads; return requests/s and latencies."""
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    latencies: list[float] = []
    lock = threading.Lock()
    share = [requests // clients + (1 if i < requests % clients else 0) for i in range(clients)]

    def client(count: int) -> None:
        mine = []
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        for _ in range(count):
            start = time.perf_counter()
            connection.request("POST", "/v2/check", body, headers)
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                raise SystemExit(f"HTTP {response.status}")
            mine.append((time.perf_counter() - start) * 1000)
            if not keep_alive:
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        connection.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(n,)) for n in share]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return requests / (time.perf_counter() - start), latencies


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--changes", type=int, default=300, help="changes typed into the story (default 300)")
    parser.add_argument("--words", type=int, default=1000, help="words in the story (default 1,000)")
    parser.add_argument("--requests", type=int, default=1000, help="HTTP requests per run (default 1,000)")
    parser.add_argument("--clients", default="1,4", help="client threads per keep-alive run (default 1,4)")
    parser.add_argument("--skip-lsp", action="store_true")
    parser.add_argument("--skip-http", action="store_true")
    args = parser.parse_args()
    print(f"# {machine_note()}, Python {sys.version.split()[0]}")
    if not args.skip_lsp:
        text = story_of(args.words)
        print(f"# language server: a {len(text.split())}-word story ({len(text)} characters), "
              f"{args.changes} changes of one character")
        print(summary("check_text in process (baseline)", in_process(text)))
        print(summary("change -> publishDiagnostics", asyncio.run(lsp_latency(text, args.changes))))
    if not args.skip_http:
        seed = SEED.read_text(encoding="utf-8")
        body = urlencode({"text": seed, "language": "en-US"}).encode()
        print(f"# HTTP API: POST /v2/check of the seed story ({len(seed.split())} words), {args.requests} requests a run")
        process, port = start_api()
        try:
            http_run(port, body, 50, 1, True)  # warm up
            for clients in (int(c) for c in args.clients.split(",")):
                rate, millis = http_run(port, body, args.requests, clients, True)
                print(f"{clients} client(s), keep-alive: {rate:.0f} requests/s; " + summary("latency", millis))
            rate, millis = http_run(port, body, args.requests, 1, False)
            print(f"1 client, a connection per request: {rate:.0f} requests/s; " + summary("latency", millis))
        finally:
            process.terminate()
            process.wait(timeout=30)
    print(f"# after: {machine_note()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
