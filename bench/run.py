"""Benchmark histtui side by side with a bare Textual app: `python bench/run.py`.

Run it with the Python that has histtui installed (`.venv/bin/python bench/run.py`).
It needs only the standard library, Textual and histtui, and a Unix-like system (it gives
each app a pseudo-terminal). What it measures, and how, is in docs/performance.md:

* start-up: process start to the first painted screen, histtui (bundled guide, and a
  generated 5,000-topic guide) against a bare Textual app, interleaved, round by round;
* peak memory: histtui as a student works through the bundled guide, against the bare app;
* in-app latencies with `App.run_test` and Pilot: key `n` to the next topic painted, one
  search keystroke over 5,000 topics (in the command palette and in the search screen),
  and saving progress with 5,000 topic records.

Prints a Markdown table of medians and per-round ratios; `--json FILE` keeps every sample.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.make_guide import write_guide  # noqa: E402
from bench.pty_keys import ESCAPES, open_pty  # noqa: E402

from histtui.guide import Topic  # noqa: E402

TARGETS = {
    "start_bundled": 1.3,
    "start_5000": 1.6,
    "start_5000_ro": 2.0,
    "next_600": 0.0167,
    "next_3000": 0.0167,
    "search_screen_5000": 0.0167,
    "save_5000": 0.010,
    "memory": 1.05,
    "palette": 1.0,
    "statistics_600": 0.050,
}
"""The targets of issue 14. Start-up: ratios of the pty measurement to the bare app's;
memory: a ratio to bench/widgets_app.py's session; palette: a ratio to that app's palette
over the same titles; the rest seconds (medians)."""

RATIOS = frozenset({"start_bundled", "start_5000", "start_5000_ro", "memory", "palette"})
"""The targets that are ratios, not seconds."""

PYZ_TARGET = 1.2
"""histtui.pyz's start-up as a ratio to the installed histtui's (issue 16, median)."""

COLUMNS, ROWS = 100, 30
"""The pseudo-terminal's size for the start-up and memory runs."""

STUDENT_KEYS = (
    ["enter"]
    + ["n"] * 20
    + ["c", "p", "c", "tab", "j", "j", "j", "enter", "s", "s", "o", "down", "enter"]
    + ["ctrl+p", *"stalin", "escape", "question_mark", "escape", "d", "d", "q"]
)
"""What the memory run's student does: read twenty topics in a row, mark some complete,
use the tree, the overview, the command palette, help and the theme key, then quit."""

KEY_BYTES = {
    "enter": b"\r",
    "tab": b"\t",
    "escape": b"\x1b",
    "down": b"\x1b[B",
    "ctrl+p": b"\x10",
    "question_mark": b"?",
}


# ---------------------------------------------------------------------------------------
# Children in a pseudo-terminal


@dataclass
class ChildRun:
    """One child process: how it ended, its peak memory, and what it reported."""

    status: int
    max_rss_kb: int
    cpu: float = 0.0
    reported: list[float] = field(default_factory=list)
    output: bytes = b""


PEAK_MEMORY = """
import resource, subprocess, sys
status = subprocess.call(sys.argv[2:])
with open(sys.argv[1], "w", encoding="utf-8") as out:
    out.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
sys.exit(status)
"""
"""Runs a command and writes its peak resident memory (KiB on Linux), like `/usr/bin/time -v`.

On Linux a child's peak includes the memory of the process that started it, up to its
`exec`; this launcher is large (it has generated the guides), so the memory runs go through
this small intermediary, whose own ~10 MB is below any Textual app's peak."""


def run_in_pty(
    argv: Sequence[str],
    env: dict[str, str],
    keys: Sequence[str] = (),
    timeout: float = 120.0,
) -> ChildRun:
    """Run `argv` in a new pseudo-terminal, type `keys` once its first screen is quiet.

    `max_rss_kb` is the kernel's rusage of the child (`os.wait4`); it is only meaningful
    through `peak_memory` (see PEAK_MEMORY).
    """
    master, slave = open_pty(COLUMNS, ROWS)
    output = bytearray()
    last_output = [time.monotonic()]
    done = threading.Event()

    def drain() -> None:
        while True:
            try:
                ready, _, _ = select.select([master], [], [], 0.05)
                if ready:
                    chunk = os.read(master, 65536)
                    if not chunk:
                        break
                    output.extend(chunk)
                    last_output[0] = time.monotonic()
                elif done.is_set():
                    break
            except OSError:
                break

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    process = subprocess.Popen(
        list(argv), stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
    )
    os.close(slave)
    try:
        if keys:
            wait_for(output, last_output, b"Steps", 0.2, timeout)
            for key in keys:
                seen = len(output)
                os.write(master, KEY_BYTES.get(key, key.encode()))
                wait_for(output, last_output, seen, 0.1, 5.0)
        deadline = time.monotonic() + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(f"{argv} did not finish within {timeout} s")
            time.sleep(0.005)
    finally:
        done.set()
        reader.join(timeout=5)
        os.close(master)
    process.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    return ChildRun(process.returncode, usage.ru_maxrss, cpu, output=bytes(output))


def wait_for(
    output: bytearray, last_output: list[float], after: bytes | int, quiet: float, limit: float
) -> None:
    """Wait until the output shows `after` (text, or more than that many bytes), then
    nothing more for `quiet` seconds: the app has answered and is waiting for the next key."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        answered = after in output if isinstance(after, bytes) else len(output) > after
        if answered and time.monotonic() - last_output[0] >= quiet:
            return
        time.sleep(0.01)


def child_env(scratch: Path) -> dict[str, str]:
    """The children's environment: a colour terminal, and data and cache folders of their own."""
    # Python may cache bytecode (as it does for an installed histtui, compiled by pip), so
    # an editable checkout is not timed compiling its own source on every start.
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TEXTUAL", "HISTTUI_BENCH", "PYTHONDONTWRITEBYTECODE"))
    }
    env.update(
        TERM="xterm-256color",
        COLORTERM="truecolor",
        XDG_DATA_HOME=str(scratch / "data"),
        XDG_CACHE_HOME=str(scratch / "cache"),
    )
    return env


def peak_memory(
    argv: Sequence[str], env: dict[str, str], scratch: Path, keys: Sequence[str] = ()
) -> ChildRun:
    """Run `argv` in a pseudo-terminal through PEAK_MEMORY; `max_rss_kb` is its peak."""
    report = scratch / "peak-memory.txt"
    report.unlink(missing_ok=True)
    run = run_in_pty([sys.executable, "-c", PEAK_MEMORY, str(report), *argv], env, keys)
    if run.status != 0 or not report.exists():
        tail = run.output[-2000:].decode("utf-8", "replace")
        raise RuntimeError(f"{argv} failed (status {run.status}):\n{tail}")
    run.max_rss_kb = int(report.read_text(encoding="utf-8"))
    return run


def seen_on_screen(
    argv: Sequence[str], env: dict[str, str], text: str, timeout: float = 60.0
) -> ChildRun:
    """Seconds from spawning `argv` on a pty until `text` is on its screen, as a student sees it.

    The child's output is read as it comes; escape sequences are stripped and the text looked
    for. Then the child is ended (ctrl+c, then ctrl+q, then a kill) and reaped.
    `reported` holds the one figure.
    """
    wanted = text.encode()
    master, slave = open_pty(COLUMNS, ROWS)
    output = bytearray()
    start = time.perf_counter()
    process = subprocess.Popen(
        list(argv), stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
    )
    os.close(slave)
    found: float | None = None
    ended: list[tuple[int, os.struct_rusage]] = []

    def exited() -> bool:
        # os.wait4 rather than Popen.poll, which would reap the child and lose its rusage.
        if not ended:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                ended.append((status, usage))
        return bool(ended)

    try:
        deadline = start + timeout
        while found is None and time.perf_counter() < deadline:
            ready, _, _ = select.select([master], [], [], 0.5)
            if not ready:
                if exited():
                    break
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            now = time.perf_counter()
            if not chunk:
                break
            output.extend(chunk)
            if wanted in ESCAPES.sub(b"", bytes(output)):
                found = now - start
        for ending in (b"\x03", b"\x11"):
            if exited():
                break
            try:
                os.write(master, ending)
            except OSError:
                break
            end = time.monotonic() + 3.0
            while not exited() and time.monotonic() < end:
                # Keep reading, so that a child writing its last frames never blocks.
                if select.select([master], [], [], 0.05)[0]:
                    try:
                        os.read(master, 65536)
                    except OSError:
                        time.sleep(0.01)
        if not exited():
            process.kill()
            _, status, usage = os.wait4(process.pid, 0)
            ended.append((status, usage))
    finally:
        os.close(master)
    status, usage = ended[0]
    process.returncode = os.waitstatus_to_exitcode(status)
    if found is None:
        tail = output[-2000:].decode("utf-8", "replace")
        raise RuntimeError(f"{argv} never showed {text!r}:\n{tail}")
    cpu = usage.ru_utime + usage.ru_stime
    return ChildRun(os.waitstatus_to_exitcode(status), usage.ru_maxrss, cpu, [found], bytes(output))


def timed_start(argv: Sequence[str], env: dict[str, str], report: Path) -> ChildRun:
    """Start a child that reports its first paint (see bench/startup_probe.py)."""
    report.unlink(missing_ok=True)
    start = time.perf_counter()
    run = run_in_pty(
        argv, {**env, "HISTTUI_BENCH_T0": repr(start), "HISTTUI_BENCH_OUT": str(report)}
    )
    if run.status != 0 or not report.exists():
        tail = run.output[-2000:].decode("utf-8", "replace")
        raise RuntimeError(f"{argv} failed (status {run.status}):\n{tail}")
    run.reported = [float(line) for line in report.read_text(encoding="utf-8").split()]
    return run


# ---------------------------------------------------------------------------------------
# Statistics


def median(values: Sequence[float]) -> float:
    """The median."""
    return statistics.median(values)


def iqr(values: Sequence[float]) -> tuple[float, float]:
    """The first and third quartiles."""
    if len(values) < 2:
        return values[0], values[0]
    quartiles = statistics.quantiles(values, n=4, method="inclusive")
    return quartiles[0], quartiles[2]


# ---------------------------------------------------------------------------------------
# The runs


@dataclass
class Setup:
    """The commands and files a run uses."""

    scratch: Path
    big_guide: Path
    next_guide: Path
    state: Path
    env: dict[str, str]
    unwritable: Path
    """A user cache folder that cannot be written (a path under a file: even root cannot)."""
    pyz: Path | None = None
    """histtui.pyz (tools/build_pyz.py), timed against the installed histtui when given."""

    def bare(self) -> list[str]:
        return [sys.executable, str(ROOT / "bench" / "bare_app.py")]

    def widgets(self) -> list[str]:
        return [sys.executable, str(ROOT / "bench" / "widgets_app.py")]

    def histtui(
        self, guide: Path | None = None, *, probed: bool = True, state: Path | None = None
    ) -> list[str]:
        """histtui with the start-up probe, or exactly as a student starts it (with the
        progress file `state`, or the run's own for `guide`)."""
        command = [str(ROOT / "bench" / "probed_histtui.py")] if probed else ["-m", "histtui"]
        # One progress file per guide, as a student has: a file of another guide's
        # progress would be refused and warned about at every start.
        if state is None:
            state = (
                self.state if guide is None else self.state.with_name(f"progress-{guide.stem}.toml")
            )
        argv = [sys.executable, *command, "--state", str(state)]
        return argv + (["--guide", str(guide)] if guide else [])

    def from_pyz(self) -> list[str]:
        """histtui from histtui.pyz, as a school runs it: `python -I -S histtui.pyz`."""
        probe = str(ROOT / "bench" / "probed_histtui.py")
        return [sys.executable, "-I", "-S", probe, "--state", str(self.state)]


def prepare(scratch: Path, big_topics: int = 5000) -> Setup:
    """Generate the guides and a progress file, in `scratch`."""
    big = write_guide(scratch / "guide-5000.toml", topics=big_topics)
    following = write_guide(
        scratch / "guide-next.toml",
        topics=200,
        words=600,
        long_words=3000,
        long_every=2,
        per_chapter=20,
    )
    state = scratch / "progress.toml"
    blocker = scratch / "not-a-folder"
    blocker.write_text("a file where the cache folder's parent should be\n", encoding="utf-8")
    return Setup(scratch, big, following, state, child_env(scratch), blocker / "cache")


SCREEN_TEXT = {"bare": "Hello from a bare Textual app.", "histtui": "Steps"}
"""What the pty measurement waits for on screen: the bare app's Static, histtui's overview."""


def start_up(setup: Setup, rounds: int, warmups: int = 1) -> dict[str, object]:
    """Seconds from process start to the first screen, every configuration once per round.

    Two measurements, interleaved in one shuffled order each round: `times`, the in-process
    probe (bench/startup_probe.py: the first frame handed to the terminal, both apps
    stopping at the same hook), and `pty`, from spawning the command a student types until
    the expected text is on the pty's screen (histtui started as `python -m histtui`).
    "5000-ro" is the 5,000-topic guide with a user cache folder that cannot be written.
    """
    report = setup.scratch / "first-paint.txt"
    read_only = {**setup.env, "XDG_CACHE_HOME": str(setup.unwritable)}
    configs: dict[str, tuple[list[str], dict[str, str]]] = {
        "bare": (setup.bare(), setup.env),
        "bundled": (setup.histtui(), setup.env),
        "5000": (setup.histtui(setup.big_guide), setup.env),
        "5000-ro": (setup.histtui(setup.big_guide), read_only),
    }
    plain = {
        "bare": setup.bare(),
        "bundled": setup.histtui(probed=False),
        "5000": setup.histtui(setup.big_guide, probed=False),
        "5000-ro": setup.histtui(setup.big_guide, probed=False),
    }
    if setup.pyz is not None:
        # histtui.pyz as a school runs it, probed (HISTTUI_BENCH_PYZ) and on the pty alike.
        pyz_env = {**setup.env, "HISTTUI_BENCH_PYZ": str(setup.pyz)}
        configs["pyz"] = (setup.from_pyz(), pyz_env)
        plain["pyz"] = [sys.executable, "-I", "-S", str(setup.pyz), "--state", str(setup.state)]
    cold = {
        name: timed_start(argv, env, report).reported[0]
        for name, (argv, env) in configs.items()
        if name in ("bundled", "5000")
    }

    def pty_run(name: str) -> ChildRun:
        text = SCREEN_TEXT["bare" if name == "bare" else "histtui"]
        return seen_on_screen(plain[name], configs[name][1], text)

    for _ in range(warmups):
        for name, (argv, env) in configs.items():
            timed_start(argv, env, report)
            pty_run(name)
    times: dict[str, list[float]] = {name: [] for name in configs}
    cpu: dict[str, list[float]] = {name: [] for name in configs}
    pty: dict[str, list[float]] = {name: [] for name in configs}
    order = [(name, how) for name in configs for how in ("probe", "pty")]
    shuffle = random.Random(6)
    for _ in range(rounds):
        shuffle.shuffle(order)
        for name, how in order:
            if how == "pty":
                pty[name].append(pty_run(name).reported[0])
            else:
                argv, env = configs[name]
                run = timed_start(argv, env, report)
                times[name].append(run.reported[0])
                cpu[name].append(run.cpu)
    return {"times": times, "cpu": cpu, "pty": pty, "cold_first_run": cold}


def memory(setup: Setup, rounds: int) -> dict[str, list[int]]:
    """Peak memory of a student's session on the bundled guide, of the bare app, and of
    the same session in bench/widgets_app.py (histtui's widgets and text without histtui)."""
    report = setup.scratch / "first-paint.txt"
    bare_env = {
        **setup.env,
        "HISTTUI_BENCH_T0": repr(time.perf_counter()),
        "HISTTUI_BENCH_OUT": str(report),
    }
    found: dict[str, list[int]] = {"bare": [], "session": [], "widgets": []}
    for _ in range(rounds):
        found["bare"].append(peak_memory(setup.bare(), bare_env, setup.scratch).max_rss_kb)
        setup.state.unlink(missing_ok=True)
        session = peak_memory(setup.histtui(), setup.env, setup.scratch, STUDENT_KEYS)
        found["session"].append(session.max_rss_kb)
        widgets = peak_memory(setup.widgets(), setup.env, setup.scratch, STUDENT_KEYS)
        found["widgets"].append(widgets.max_rss_kb)
    return found


def length_class(topic: Topic) -> int:
    """The `n` rows' group of a topic of the generated guide: 600 or 3,000 words."""
    return 3000 if len(topic.body.split()) > 1500 else 600


def in_app(setup: Setup, samples: int) -> dict[str, list[float]]:
    """The Pilot measurements and the save measurement, in a shuffled order."""
    from bench import inapp

    from histtui.guide_cache import load_guide_cached
    from histtui.paths import bundled_guide

    cache = setup.scratch / "cache" / "in-app"
    following = load_guide_cached(setup.next_guide, cache)
    big = load_guide_cached(setup.big_guide, cache)
    bundled = load_guide_cached(bundled_guide(), cache)
    queries = ["berlin", "causes", "korea", "victory", "moscow"]
    results: dict[str, list[float]] = {}
    tasks = ["next", "search", "search_bundled", "palette_widgets", "search_screen", "save"]
    tasks.append("statistics")
    random.Random(6).shuffle(tasks)
    for task in tasks:
        if task == "next":
            # Prepared as histtui does, then with the preparation turned off.
            for name, prepared in (("next", True), ("cold", False)):
                cpu: dict[str, list[float]] = {}
                found = inapp.run(
                    inapp.next_topic_latencies(
                        following,
                        lambda topic, name=name: f"{name}_{length_class(topic)}",
                        samples=samples,
                        cpu=cpu,
                        prepared=prepared,
                    )
                )
                results.update(found)
                results.update({f"{key}_cpu": values for key, values in cpu.items()})
        elif task == "search":
            results["search_5000"] = inapp.run(
                inapp.search_latencies(big, queries, samples=samples)
            )
        elif task == "palette_widgets":
            from bench.widgets_app import GUIDE, WidgetsApp

            results["palette_widgets"] = inapp.run(
                inapp.palette_latencies(
                    WidgetsApp(GUIDE), ["stalin", "korea", "hitler"], samples=samples
                )
            )
        elif task == "search_screen":
            results["search_screen_5000"] = inapp.run(
                inapp.search_screen_latencies(big, queries, samples=samples)
            )
        elif task == "search_bundled":
            results["search_bundled"] = inapp.run(
                inapp.search_latencies(bundled, ["stalin", "korea", "hitler"], samples=samples)
            )
        elif task == "statistics":
            results["statistics_600"] = inapp.run(inapp.statistics_latencies(samples=samples))
        else:
            folder = setup.scratch / "save"
            folder.mkdir(exist_ok=True)
            results["save_5000"] = inapp.save_latencies(folder, samples=samples)
    return results


def keys_on_pty(setup: Setup, samples: int, children: int = 2) -> dict[str, list[float]]:
    """`n` on a pty, from the key written to its frame read (bench/pty_keys.py), in the
    installed histtui, in bench/widgets_app.py (the same Textual widgets and text without
    histtui) and in a bare Textual app changing one Static: children of each in turn."""
    from bench import pty_keys

    from histtui.guide_cache import load_guide_cached

    guide = load_guide_cached(setup.next_guide, setup.scratch / "cache" / "keys")
    number = {topic.id: index for index, topic in enumerate(guide.topics, start=1)}

    def widgets_marker(topic: Topic) -> bytes:
        return f"topic {number[topic.id]} ·".encode()  # its reader's top line

    found: dict[str, list[float]] = {}
    each = -(-samples // children)

    def next_topics(argv: list[str], group: str, marker: Callable[[Topic], bytes]) -> None:
        for key, values in pty_keys.next_topic_on_pty(
            argv,
            setup.env,
            guide,
            lambda topic: f"{group}_{length_class(topic)}",
            samples=each,
            marker=marker,
        ).items():
            found.setdefault(key, []).extend(values)

    for child in range(children):
        state = setup.scratch / f"progress-keys-{child}.toml"
        pty_keys.exam_date_asked(guide, state)
        argv = setup.histtui(setup.next_guide, probed=False, state=state)
        next_topics(argv, "next", pty_keys.where_marker)
        next_topics([*setup.widgets(), str(setup.next_guide)], "widgets", widgets_marker)
        bare = [sys.executable, str(ROOT / "bench" / "bare_key_app.py")]
        found.setdefault("bare_key", []).extend(
            pty_keys.bare_key_on_pty(bare, setup.env, samples=each)
        )
    return found


def measure(
    scratch: Path,
    rounds: int = 10,
    memory_rounds: int = 5,
    samples: int = 20,
    only: Sequence[str] = ("start", "memory", "in-app"),
    pyz: Path | None = None,
) -> dict[str, object]:
    """Run the benchmark in `scratch`; every sample, by measure (`pyz`: time histtui.pyz too)."""
    results: dict[str, object] = {"machine": machine()}
    setup = prepare(scratch)
    setup.pyz = pyz
    if "start" in only:
        print(f"start-up: {rounds} rounds after a warm-up ...", file=sys.stderr)
        results["start_up"] = start_up(setup, rounds)
    if "memory" in only:
        print(f"memory: {memory_rounds} student sessions ...", file=sys.stderr)
        results["memory"] = memory(setup, memory_rounds)
    if "in-app" in only:
        print(f"in-app: {samples} samples each ...", file=sys.stderr)
        results["in_app"] = in_app(setup, samples)
        print(f"keys on a pty: {samples} samples each ...", file=sys.stderr)
        results["keys_pty"] = keys_on_pty(setup, samples)
    return results


# ---------------------------------------------------------------------------------------
# Report


def machine() -> dict[str, str]:
    """What the numbers were measured on."""
    import textual

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        load = "?"
    return {
        "system": f"{platform.system()} {platform.release()}",
        "cpu": cpu,
        "nproc": str(os.cpu_count()),
        "python": platform.python_version(),
        "textual": textual.__version__ if hasattr(textual, "__version__") else "?",
        "load_before": load,
    }


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def summarise(results: dict[str, object]) -> tuple[list[str], dict[str, float]]:
    """Markdown table lines, and the figure each target is judged on."""
    lines = [
        "| measure | histtui | bare Textual | ratio (median of rounds) | target | met |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    judged: dict[str, float] = {}
    start = results.get("start_up")
    if isinstance(start, dict):
        for name, label, target in (
            ("bundled", "start-up to the overview on screen, bundled guide", "start_bundled"),
            ("5000", "the same, generated guide of 5,000 topics", "start_5000"),
            ("5000-ro", "the same, 5,000 topics, user cache folder not writable", "start_5000_ro"),
        ):
            if name not in start["pty"]:
                continue
            pty, bare = start["pty"][name], start["pty"]["bare"]
            ratios = [mine / base for mine, base in zip(pty, bare, strict=True)]
            judged[target] = median(ratios)
            low, high = iqr(ratios)
            times, cpu = start["times"], start["cpu"]
            probe = median([m / b for m, b in zip(times[name], times["bare"], strict=True)])
            cpu_ratio = median([m / b for m, b in zip(cpu[name], cpu["bare"], strict=True)])
            lines.append(
                f"| {label} (pty: spawn to text on screen) | {ms(median(pty))} | "
                f"{ms(median(bare))} | {median(ratios):.2f}× (IQR {low:.2f}–{high:.2f}) | "
                f"≤ {TARGETS[target]}× | {'yes' if judged[target] <= TARGETS[target] else 'NO'} |"
            )
            lines.append(
                f"| the same, in-process probe (first frame written) | "
                f"{ms(median(times[name]))} | {ms(median(times['bare']))} | "
                f"{probe:.2f}× (CPU {cpu_ratio:.2f}×) | | |"
            )
        if "pyz" in times:
            # Against the installed histtui (not the bare app): what the one file costs.
            ratios = [
                zipped / mine for zipped, mine in zip(times["pyz"], times["bundled"], strict=True)
            ]
            judged["start_pyz"] = median(ratios)
            low, high = iqr(ratios)
            verdict = "yes" if judged["start_pyz"] <= PYZ_TARGET else "NO"
            cpu = start["cpu"]
            cpu_ratio = median(
                [zipped / mine for zipped, mine in zip(cpu["pyz"], cpu["bundled"], strict=True)]
            )
            lines.append(
                f"| start-up from histtui.pyz (`python -I -S`), bundled guide | "
                f"{ms(median(times['pyz']))} | installed: {ms(median(times['bundled']))} | "
                f"{median(ratios):.2f}× the installed histtui (IQR {low:.2f}–{high:.2f}; "
                f"CPU {cpu_ratio:.2f}×) | "
                f"≤ {PYZ_TARGET}× | {verdict} |"
            )
    keys = results.get("keys_pty")
    if isinstance(keys, dict):
        for words in ("600", "3000"):
            key, values, widgets = f"next_{words}", keys[f"next_{words}"], keys[f"widgets_{words}"]
            judged[key] = median(values)
            low, high = iqr(values)
            verdict = "yes" if judged[key] <= TARGETS[key] else "NO"
            lines.append(
                f"| key `n` to the next {int(words):,}-word topic on screen (pty: key written "
                f"to the frame's last byte read) | {ms(median(values))} (IQR {ms(low)}–"
                f"{ms(high)}, n={len(values)}) | bench/widgets_app.py: {ms(median(widgets))} | "
                f"{median(values) / median(widgets):.2f}× | ≤ {ms(TARGETS[key])} | {verdict} |"
            )
        lines.append(
            f"| a bare Textual app's key changing one Static (pty; the floor) | | "
            f"{ms(median(keys['bare_key']))} | | | |"
        )
    latencies = results.get("in_app")
    if isinstance(latencies, dict):
        for key, label in (
            ("next_600", "the same in process, to the layout (Pilot; for comparison)"),
            ("next_3000", "the same, 3,000 words, in process (for comparison)"),
            ("cold_600", "the same, 600 words, next topic not prepared (for comparison)"),
            ("cold_3000", "the same, 3,000 words, next topic not prepared (for comparison)"),
            ("search_5000", "one palette keystroke over 5,000 topics (for comparison)"),
            ("search_bundled", "one palette keystroke over the bundled 187 topics"),
            (
                "palette_widgets",
                "the same 187 titles in Textual's palette without histtui "
                "(bench/widgets_app.py; for comparison)",
            ),
            ("search_screen_5000", "one keystroke in the search screen (`/`), 5,000 topics"),
            ("save_5000", "saving progress with 5,000 topic records"),
            (
                "statistics_600",
                "key `S` to the statistics screen painted: 600 cards, a year of daily reviews",
            ),
        ):
            values = latencies.get(key)
            if not values:
                continue
            low, high = iqr(values)
            cpu = latencies.get(f"{key}_cpu")
            figure = f"{ms(median(values))} (IQR {ms(low)}–{ms(high)}, n={len(values)}"
            figure += f"; CPU {ms(median(cpu))})" if cpu else ")"
            if key in TARGETS and not key.startswith("next_"):
                judged[key] = median(values)
                verdict = "yes" if judged[key] <= TARGETS[key] else "NO"
                lines.append(f"| {label} | {figure} | | | ≤ {ms(TARGETS[key])} | {verdict} |")
            else:
                lines.append(f"| {label} | {figure} | | | (none) | |")
        mine, theirs = latencies.get("search_bundled"), latencies.get("palette_widgets")
        if mine and theirs:
            judged["palette"] = median(mine) / median(theirs)
            verdict = "yes" if judged["palette"] <= TARGETS["palette"] else "NO"
            lines.append(
                f"| palette keystroke, histtui ÷ bench/widgets_app.py (same titles) | | | "
                f"{judged['palette']:.2f}× | ≤ {TARGETS['palette']}× | {verdict} |"
            )
    mem = results.get("memory")
    if isinstance(mem, dict):
        ratios = [mine / base for mine, base in zip(mem["session"], mem["bare"], strict=True)]
        yard = [mine / base for mine, base in zip(mem["session"], mem["widgets"], strict=True)]
        judged["memory"] = median(yard)
        widgets = [mine / base for mine, base in zip(mem["widgets"], mem["bare"], strict=True)]
        lines.append(
            f"| peak memory, bundled guide, as the student works, ÷ the same session in "
            f"bench/widgets_app.py ({median(mem['widgets']) / 1024:.1f} MiB, "
            f"{median(widgets):.2f}× bare) | {median(mem['session']) / 1024:.1f} MiB "
            f"({median(ratios):.2f}× bare) | {median(mem['bare']) / 1024:.1f} MiB | "
            f"{judged['memory']:.2f}× | ≤ {TARGETS['memory']}× | "
            f"{'yes' if judged['memory'] <= TARGETS['memory'] else 'NO'} |"
        )
    return lines, judged


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description="Benchmark histtui against a bare Textual app.")
    parser.add_argument("--rounds", type=int, default=10, help="start-up rounds (default 10)")
    parser.add_argument(
        "--memory-rounds", type=int, default=5, help="student sessions for peak memory"
    )
    parser.add_argument("--samples", type=int, default=20, help="in-app samples per measure")
    parser.add_argument("--only", choices=["start", "memory", "in-app"], action="append")
    parser.add_argument("--json", type=Path, help="write every sample to this file")
    parser.add_argument(
        "--pyz", type=Path, metavar="FILE", help="time this histtui.pyz against the installed one"
    )
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    parser.add_argument(
        "--quick", action="store_true", help="3 rounds, 1 session, 10 samples (as the CI check)"
    )
    args = parser.parse_args(argv)
    only = set(args.only or ["start", "memory", "in-app"])

    scratch = Path(tempfile.mkdtemp(prefix="histtui-bench-"))
    print(f"scratch folder {scratch}", file=sys.stderr)
    try:
        if args.quick:
            args.rounds, args.memory_rounds, args.samples = 3, 1, 10
        results = measure(
            scratch, args.rounds, args.memory_rounds, args.samples, sorted(only), args.pyz
        )
    finally:
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)

    lines, _ = summarise(results)
    info = results["machine"]
    assert isinstance(info, dict)
    print(
        f"{info['cpu']}, nproc {info['nproc']}, {info['system']}, Python {info['python']}, "
        f"Textual {info['textual']}, load average before {info['load_before']}"
    )
    print("\n".join(lines))
    start = results.get("start_up")
    if isinstance(start, dict):
        print("\nper-round start-up, pty (ms), and ratios to the bare app:")
        pty = start["pty"]
        for index, base in enumerate(pty["bare"]):
            figures = "  ".join(
                f"{name} {pty[name][index] * 1000:6.1f} ({pty[name][index] / base:.2f}×)"
                for name in pty
                if name != "bare"
            )
            print(f"  round {index + 1:2}: bare {base * 1000:6.1f}  {figures}")
        cold = start["cold_first_run"]
        print(
            "  first run, empty cache: "
            + ", ".join(f"{name} {value * 1000:.0f} ms" for name, value in cold.items())
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
