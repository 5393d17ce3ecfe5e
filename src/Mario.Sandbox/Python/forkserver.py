# mario fork server: preloads the math stack once, then forks one isolated child per execution.
#
# Protocol (stdin/stdout of this process): frames of a 4-byte little-endian length and UTF-8 JSON.
#   server -> host  {"kind":"ready", ...report...}       once, after setup and a probe execution
#   host -> server  {"cells":[...], "timeout_ms":N, "echo":bool}
#   server -> host  {"kind":"result", "stdout":..., "stderr":..., "error":{...}|null, "timed_out":bool, ...}
# Closing stdin stops the server. argv[1] is the JSON configuration written by Mario.Sandbox.
#
# Isolation (when running as root): the server unshares mount, network, pid, ipc and uts namespaces and becomes
# pid 1 of its pid namespace; it builds a read-only view of the system directories on a private tmpfs; every
# child chroots into that view, drops to an unprivileged uid with no_new_privs, gets rlimits and a private
# empty working directory. After each execution every process in the namespace is killed and the scratch
# space is wiped, so nothing a cell starts or writes outlives it.
import ctypes
import errno
import json
import os
import select
import signal
import struct
import sys
import time

CONFIG = json.loads(sys.argv[1])
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_name] = "1"  # one BLAS thread: threads count against RLIMIT_NPROC and fork copies none

CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC = 0x00020000, 0x04000000, 0x08000000
CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET = 0x10000000, 0x20000000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
PR_SET_PDEATHSIG, PR_SET_NO_NEW_PRIVS, PR_GET_NO_NEW_PRIVS = 1, 38, 39
ROOT = "/tmp"  # in the private mount namespace a tmpfs over /tmp becomes the children's root
SCRATCH = "/tmp"  # inside that root: the only writable place

LIBC = ctypes.CDLL(None, use_errno=True)
LIBC.mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong, ctypes.c_char_p]
LIBC.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]


def _check(result, what):
    if result != 0:
        err = ctypes.get_errno()
        raise OSError(err, "%s: %s" % (what, os.strerror(err)))


def _b(path):
    return path.encode() if isinstance(path, str) else path


def mount(source, target, fstype, flags, data=None):
    _check(LIBC.mount(_b(source) if source else None, _b(target), _b(fstype) if fstype else None, flags,
                      _b(data) if data else None), "mount %s" % target)


def prctl(option, arg):
    _check(LIBC.prctl(option, arg, 0, 0, 0), "prctl(%d)" % option)


# ---------------------------------------------------------------- framing

def read_exact(fd, n):
    chunks = []
    while n > 0:
        chunk = os.read(fd, n)
        if not chunk:
            return None
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def read_frame(fd):
    head = read_exact(fd, 4)
    if head is None:
        return None
    body = read_exact(fd, struct.unpack("<I", head)[0])
    return None if body is None else json.loads(body.decode("utf-8"))


def write_frame(fd, obj):
    body = json.dumps(obj, ensure_ascii=False).encode("utf-8", "backslashreplace")
    data = struct.pack("<I", len(body)) + body
    while data:
        data = data[os.write(fd, data):]


# ---------------------------------------------------------------- namespace setup (runs once, as root)

FEATURES = {}  # name -> [ok, detail]
BINDS = []  # host paths bound read-only into the children's root


def feature(name, ok, detail):
    FEATURES[name] = [bool(ok), detail]


def enter_namespaces():
    """Unshares namespaces; returns True when this process must fork to become pid 1 of a new pid namespace."""
    flags = CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWUTS
    if LIBC.unshare(flags) == 0:
        return True
    err = ctypes.get_errno()
    reason = "unshare failed: %s (needs CAP_SYS_ADMIN: run mario as root)" % os.strerror(err)
    feature("network_namespace", False, reason)
    feature("pid_namespace", False, reason)
    feature("filesystem_view", False, reason)
    return False


def become_pid1():
    pid = os.fork()
    if pid != 0:
        # The outer process only waits: the host kills it, the kernel then kills pid 1 and the namespace.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        _, status = os.waitpid(pid, 0)
        os._exit(os.waitstatus_to_exitcode(status) & 0xFF)
    prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def system_paths():
    paths = ["/usr", "/etc", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"]
    for p in [sys.prefix, sys.exec_prefix, sys.base_prefix, os.path.dirname(os.path.realpath(sys.executable))]:
        paths.append(os.path.realpath(p))
    for p in sys.path:
        if p and os.path.isdir(p):
            paths.append(os.path.realpath(p))
    chosen = []
    for p in paths:
        if os.path.lexists(p) and not any(p == c or p.startswith(c.rstrip("/") + "/") for c in chosen):
            chosen = [c for c in chosen if not c.startswith(p.rstrip("/") + "/")] + [p]
    return chosen


def build_filesystem_view():
    """A tmpfs root holding read-only binds of the system directories, minimal /dev, /proc and a scratch /tmp."""
    binds = system_paths()  # computed before /tmp is covered
    BINDS.extend(binds)
    mount(None, "/", None, MS_REC | MS_PRIVATE)
    mount("tmpfs", ROOT, "tmpfs", MS_NOSUID | MS_NODEV, "size=%dm,mode=0755" % CONFIG["scratch_mib"])
    for path in binds:
        target = ROOT + path
        if os.path.islink(path) and os.path.dirname(path) == "/":
            os.symlink(os.readlink(path), target)
            continue
        if not os.path.isdir(path):
            continue
        os.makedirs(target, exist_ok=True)
        mount(path, target, None, MS_BIND | MS_REC)
        mount(None, target, None, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_REC)
    os.makedirs(ROOT + "/dev", exist_ok=True)
    for dev in ("null", "zero", "full", "random", "urandom"):
        open(ROOT + "/dev/" + dev, "w").close()
        mount("/dev/" + dev, ROOT + "/dev/" + dev, None, MS_BIND)
    for name, target in (("fd", "/proc/self/fd"), ("stdin", "/proc/self/fd/0"), ("stdout", "/proc/self/fd/1"),
                         ("stderr", "/proc/self/fd/2")):
        os.symlink(target, ROOT + "/dev/" + name)
    os.makedirs(ROOT + "/proc", exist_ok=True)
    mount("proc", ROOT + "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, "hidepid=2")
    os.makedirs(ROOT + SCRATCH, exist_ok=True)
    os.chmod(ROOT + SCRATCH, 0o1777)


# ---------------------------------------------------------------- the child (one per execution)

class Spare:
    """A forked child that has already dropped privileges and waits for its job on a pipe."""

    def __init__(self, pid, job_w, out_r, err_r, res_r, workdir, pidfd):
        self.pid, self.job_w, self.out_r, self.err_r, self.res_r = pid, job_w, out_r, err_r, res_r
        self.workdir, self.pidfd = workdir, pidfd
        self.reaped, self.open_fds = False, []


def set_limits(resource):
    mib = 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (BASE_VM + CONFIG["memory_mib"] * mib,) * 2)
    resource.setrlimit(resource.RLIMIT_FSIZE, (CONFIG["file_mib"] * mib,) * 2)
    resource.setrlimit(resource.RLIMIT_NOFILE, (CONFIG["nofile"],) * 2)
    resource.setrlimit(resource.RLIMIT_NPROC, (CONFIG["nproc"] + HOST_PROCS,) * 2)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def count_user_processes(uid):
    """Processes the sandbox uid already has on the host: RLIMIT_NPROC counts them too."""
    count = 0
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open("/proc/%s/status" % entry) as status:
                    for line in status:
                        if line.startswith("Uid:"):
                            count += line.split()[1] == str(uid)
                            break
            except OSError:
                pass
    return count


def child_main(job_r, out_w, err_w, res_w, workdir):
    import resource
    os.setsid()
    prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGCHLD):
        signal.signal(sig, signal.SIG_DFL)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # an oversized file write becomes OSError, not a silent kill
    devnull = os.open("/dev/null", os.O_RDWR)
    for src, dst in ((devnull, 0), (out_w, 1), (err_w, 2), (res_w, 3), (job_r, 4)):
        os.dup2(src, dst)
    os.closerange(5, 65536)
    set_limits(resource)
    if ROOTED:
        os.chroot(ROOT)
    os.chdir(workdir)
    if IS_ROOT:
        os.setgroups([])
        os.setresgid(CONFIG["gid"], CONFIG["gid"], CONFIG["gid"])
        os.setresuid(CONFIG["uid"], CONFIG["uid"], CONFIG["uid"])
    prctl(PR_SET_NO_NEW_PRIVS, 1)
    os.environ.clear()
    os.environ.update({"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": workdir, "LANG": "C.UTF-8",
                       "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "TMPDIR": workdir})
    job = read_frame(4)
    os.close(4)
    if job is None:
        os._exit(0)
    cpu = int(job["timeout_ms"] / 1000) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
    if job.get("probe"):
        report = probe()
        os.close(1)
        os.close(2)
        write_frame(3, {"probe": report})
        os._exit(0)
    error = run_cells(job["cells"], bool(job.get("echo", True)))
    for fd in (1, 2):
        try:
            os.close(fd)  # EOF on the output pipes tells the server the output is complete
        except OSError:
            pass
    try:
        write_frame(3, {"error": error})
    except OSError:
        pass  # the cell closed the result channel; the server falls back to the exit status
    os._exit(0)


def fresh_streams():
    import io
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass
    sys.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), encoding="utf-8", errors="backslashreplace")
    sys.stderr = io.TextIOWrapper(io.FileIO(2, "w", closefd=False), encoding="utf-8", errors="backslashreplace",
                                  line_buffering=True)


def run_cells(cells, echo):
    import builtins
    namespace = {"__name__": "__main__", "__builtins__": builtins}
    saved_out, saved_err = os.dup(1), os.dup(2)
    devnull = os.open("/dev/null", os.O_WRONLY)
    for index, source in enumerate(cells[:-1]):
        # earlier cells rebuild the trajectory's state; their output is discarded and their errors ignored
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        fresh_streams()
        run_one(source, namespace, False, "<cell %d>" % index)
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:
                pass
    os.dup2(saved_out, 1)
    os.dup2(saved_err, 2)
    for fd in (saved_out, saved_err, devnull):
        os.close(fd)
    fresh_streams()
    error = run_one(cells[-1] if cells else "", namespace, echo, "<cell>")
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException as exc:
            if error is None:
                error = describe(exc)
    return error


def describe(exc):
    try:
        message = str(exc) if not isinstance(exc, SystemExit) else str(exc.code)
    except BaseException as inner:  # a hostile __str__
        message = "<str() of the exception raised %s>" % type(inner).__name__
    clean = message[:65536].encode("utf-8", "backslashreplace").decode("utf-8")  # no lone surrogates in JSON
    return {"type": type(exc).__name__, "message": clean}


def run_one(source, namespace, echo, filename):
    import ast
    import linecache
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    try:
        tree = ast.parse(source, filename=filename, mode="exec")
        last = None
        if echo and tree.body and isinstance(tree.body[-1], ast.Expr):
            last = ast.Expression(tree.body.pop().value)
        exec(compile(tree, filename, "exec"), namespace)
        if last is not None:
            value = eval(compile(last, filename, "eval"), namespace)
            if value is not None:
                print(str(value))
        return None
    except SystemExit as exc:
        if exc.code is None or exc.code == 0:
            return None
        return describe(exc)
    except BaseException as exc:
        print_traceback(exc, filename)
        return describe(exc)


def print_traceback(exc, filename):
    import traceback
    tb = exc.__traceback__
    while tb is not None and not tb.tb_frame.f_code.co_filename.startswith("<cell"):
        tb = tb.tb_next
    try:
        sys.stderr.write("".join(traceback.format_exception(type(exc), exc, tb)))
        sys.stderr.flush()
    except BaseException:
        pass


def probe():
    """Runs inside a real sandbox child: checks each isolation feature by trying to break it."""
    import resource
    import socket
    report = {}
    uid = os.getuid()
    report["unprivileged_user"] = [uid != 0, "cells run as uid %d, gid %d" % (uid, os.getgid())]
    nnp = LIBC.prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0)
    report["no_new_privileges"] = [nnp == 1, "no_new_privs=%d: setuid binaries cannot raise privileges" % nnp]
    try:
        with socket.create_connection(("127.0.0.1", CONFIG["probe_port"]), timeout=1):
            report["network_namespace"] = [False, "connected to 127.0.0.1:%d" % CONFIG["probe_port"]]
    except OSError as exc:
        unreachable = exc.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH, errno.EADDRNOTAVAIL)
        report["network_namespace"] = [unreachable, "connect to 127.0.0.1 fails: %s" % exc]
    # a hidden path may exist only as an empty ancestor of a bound interpreter prefix (e.g. a pyenv prefix under $HOME)
    visible = [p for p in CONFIG["hidden_paths"] if os.path.exists(p)
               and not any(b.startswith(p.rstrip("/") + "/") for b in BINDS)]
    writable = os.access("/usr", os.W_OK)
    report["filesystem_view"] = [not visible and not writable and os.getcwd().startswith(SCRATCH + "/"),
                                 "host paths visible: %s; /usr writable: %s; cwd %s"
                                 % (visible or "none", writable, os.getcwd())]
    pids = [p for p in os.listdir("/proc") if p.isdigit()]
    report["pid_namespace"] = [os.getppid() == 1 and len(pids) <= 2,
                               "parent pid %d, %d processes visible" % (os.getppid(), len(pids))]
    userns = LIBC.unshare(CLONE_NEWUSER)
    report["user_namespace_denied"] = [userns != 0, "unshare(CLONE_NEWUSER) %s" % (
        "failed: " + os.strerror(ctypes.get_errno()) if userns != 0 else "succeeded")]
    limits = {name: resource.getrlimit(getattr(resource, name))[1] for name in
              ("RLIMIT_AS", "RLIMIT_CPU", "RLIMIT_FSIZE", "RLIMIT_NOFILE", "RLIMIT_NPROC")}
    report["resource_limits"] = [all(v != resource.RLIM_INFINITY for v in limits.values()),
                                 ", ".join("%s=%d" % (k[7:].lower(), v) for k, v in limits.items())]
    return report


# ---------------------------------------------------------------- the server loop

# Exercised once before the first fork: sympy imports much of itself lazily inside functions, and a lazy import
# done here is inherited by every child instead of being repeated (from disk) by each of them.
WARMUP = """
import sympy, numpy, math, fractions, itertools, collections
x, y = sympy.symbols('x y')
for e in (sympy.solve(x**2 - 2, x), sympy.simplify((x**2 - 1) / (x - 1)), sympy.Rational(1, 3) + 1,
          sympy.factor(x**2 - y**2), sympy.expand((x + 1)**3), sympy.integrate(x**2, (x, 0, 1)),
          sympy.diff(sympy.sin(x), x), sympy.N(sympy.pi, 20), sympy.Matrix([[1, 2], [3, 4]]).det(),
          sympy.sqrt(8), sympy.nsimplify(0.5), sympy.isprime(97), sympy.factorint(360), sympy.binomial(10, 3),
          sympy.solve([x + y - 3, x - y - 1], [x, y]), sympy.limit(sympy.sin(x) / x, x, 0),
          sympy.summation(x, (x, 1, 10)), sympy.gcd(12, 18), sympy.Eq(x, 1), sympy.Poly(x**2 + 1, x).all_coeffs()):
    str(e); repr(e)
sympy.latex(x**2 / 2)
str(numpy.array([1.0, 2.0]).sum()); str(numpy.linalg.solve(numpy.eye(2), numpy.ones(2))); str(numpy.arange(3))
str(fractions.Fraction(1, 3)); str(math.comb(5, 2)); list(itertools.permutations(range(3)))
"""

class Capture:
    """Keeps the head and the tail of a stream so that a 100 MB print costs at most `cap` bytes."""

    def __init__(self, cap):
        self.half, self.head, self.tail, self.tail_len, self.total = cap // 2, bytearray(), [], 0, 0

    def add(self, data):
        self.total += len(data)
        room = self.half - len(self.head)
        if room > 0:
            self.head += data[:room]
            data = data[room:]
        if data:
            self.tail.append(data)
            self.tail_len += len(data)
            while self.tail and self.tail_len - len(self.tail[0]) >= self.half:
                self.tail_len -= len(self.tail.pop(0))

    def text(self):
        tail = b"".join(self.tail)
        omitted = self.total - len(self.head) - min(len(tail), self.half)
        if omitted <= 0:
            return (bytes(self.head) + tail).decode("utf-8", "replace")
        tail = tail[-self.half:]
        return (self.head.decode("utf-8", "replace") + "\n...[mario: %d bytes of output omitted]...\n" % omitted
                + tail.decode("utf-8", "replace"))


def prepare():
    global COUNTER
    COUNTER += 1
    if ROOTED:
        workdir = SCRATCH + "/cell-%d" % COUNTER
        os.mkdir(ROOT + workdir, 0o700)
        if IS_ROOT:
            os.chown(ROOT + workdir, CONFIG["uid"], CONFIG["gid"])
    else:
        import tempfile
        workdir = tempfile.mkdtemp(prefix="mario-cell-")
        if IS_ROOT:
            os.chown(workdir, CONFIG["uid"], CONFIG["gid"])
    job_r, job_w = os.pipe()
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    res_r, res_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(PROTO_IN)
            os.close(PROTO_OUT)
            child_main(job_r, out_w, err_w, res_w, workdir)
        finally:
            os._exit(121)
    for fd in (job_r, out_w, err_w, res_w):
        os.close(fd)
    pidfd = os.pidfd_open(pid) if hasattr(os, "pidfd_open") else None
    return Spare(pid, job_w, out_r, err_r, res_r, workdir, pidfd)


def kill_everything(spare):
    """Kills the child and everything it started; reaps them all."""
    if PID1:
        # As pid 1 of the namespace, kill(-1) reaches every other process in it, setsid()/daemons included.
        # A fork racing with it is aborted by the kernel (the parent has a fatal signal pending), so after this
        # one call nothing new can appear and blocking waits until ECHILD are safe.
        try:
            os.kill(-1, signal.SIGKILL)
        except ProcessLookupError:
            pass
        while True:
            try:
                os.waitpid(-1, 0)
            except ChildProcessError:
                return
            except InterruptedError:
                continue
    else:
        try:
            os.killpg(spare.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def wipe(spare):
    import shutil
    if ROOTED:
        base = ROOT + SCRATCH
        for name in os.listdir(base):
            path = os.path.join(base, name)
            if os.path.isdir(path) and not os.path.islink(path):
                shutil.rmtree(path, ignore_errors=True)
            else:
                try:
                    os.unlink(path)
                except OSError:
                    pass
    else:
        shutil.rmtree(spare.workdir, ignore_errors=True)


def result_frame(res):
    """The child's result message once its frame is complete, else None."""
    raw = bytes(res.head)
    if len(raw) < 4:
        return None
    size = struct.unpack("<I", raw[:4])[0]
    if len(raw) < 4 + size:
        return None
    try:
        message = json.loads(raw[4:4 + size].decode("utf-8"))
    except ValueError:
        return {"error": {"type": "SandboxProtocolError", "message": "the cell wrote garbage to the result channel"}}
    return message if isinstance(message, dict) else None


def execute(spare, job):
    """Runs one job on the spare child; returns the response as soon as the child has reported (cleanup is later)."""
    timeout = job["timeout_ms"] / 1000.0
    start = time.monotonic()
    deadline = start + timeout
    try:
        write_frame(spare.job_w, job)
    except OSError:
        pass  # the child died before reading its job; its exit status tells why
    os.close(spare.job_w)
    out, err, res = Capture(CONFIG["max_output"]), Capture(CONFIG["max_output"]), Capture(2 << 20)
    streams = {spare.out_r: out, spare.err_r: err, spare.res_r: res}
    status, timed_out, grace, message = None, False, None, None
    while True:
        if message is None:
            message = result_frame(res)
        output_done = spare.out_r not in streams and spare.err_r not in streams
        if output_done and (message is not None or (spare.res_r not in streams and status is not None)):
            break  # the child closed its output and reported (or exited): answer now, clean up after answering
        now = time.monotonic()
        if status is None and now >= deadline:
            timed_out = True
            kill_everything(spare)  # as pid 1 this also reaps the child
            if not PID1:
                os.waitpid(spare.pid, 0)
            status = int(signal.SIGKILL)
            grace = time.monotonic() + 1.0
            continue
        if status is not None and (not streams or now >= grace):
            break  # without a pid namespace an escaped writer may hold a pipe open: stop at the grace limit
        wait_fds = list(streams) + ([spare.pidfd] if status is None and spare.pidfd is not None else [])
        limit = (deadline if status is None else grace) - now
        if spare.pidfd is None and status is None:
            limit = min(limit, 0.002)  # no pidfd on this kernel: poll for the child's exit
        ready, _, _ = select.select(wait_fds, [], [], max(limit, 0))
        if status is None and (spare.pidfd is None or spare.pidfd in ready):
            pid, wait_status = os.waitpid(spare.pid, 0 if spare.pidfd is not None else os.WNOHANG)
            if pid != 0:
                status = wait_status
                spare.reaped = True
                kill_everything(spare)  # leftovers holding the pipes die, so the reads below reach EOF
                grace = time.monotonic() + 1.0
        for fd in ready:
            if fd == spare.pidfd:
                continue
            data = os.read(fd, 1 << 16)
            if data:
                streams[fd].add(data)
            else:
                os.close(fd)
                del streams[fd]
    spare.open_fds = list(streams)
    elapsed = time.monotonic() - start
    error = None
    if timed_out:
        pass
    elif message is not None:
        error = message.get("error") if isinstance(message.get("error"), dict) else None
    elif status is not None and os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        if sig == signal.SIGXCPU:
            timed_out = True
        else:
            error = {"type": "Crash", "message": "the interpreter was killed by signal %s" % signal.Signals(sig).name}
    elif status is not None and os.WIFEXITED(status) and os.WEXITSTATUS(status) != 0:
        error = {"type": "SystemExit", "message": str(os.WEXITSTATUS(status))}
    return {"kind": "result", "stdout": out.text(), "stderr": err.text(), "error": error, "timed_out": timed_out,
            "elapsed_ms": elapsed * 1000.0, "stdout_bytes": out.total, "stderr_bytes": err.total,
            "probe": message.get("probe") if isinstance(message, dict) else None}


def finish(spare):
    """After answering: kill whatever the execution left, reap it, wipe the scratch space."""
    kill_everything(spare)
    if not PID1 and not spare.reaped:
        try:
            os.waitpid(spare.pid, 0)
        except ChildProcessError:
            pass
    for fd in spare.open_fds + ([spare.pidfd] if spare.pidfd is not None else []):
        os.close(fd)
    wipe(spare)


def main():
    global ROOTED, PID1, IS_ROOT, BASE_VM, COUNTER, PROTO_IN, PROTO_OUT, HOST_PROCS
    COUNTER = 0
    IS_ROOT = os.geteuid() == 0
    ROOTED = PID1 = False
    # the protocol moves to high descriptors so that children can never write into it by accident
    PROTO_IN, PROTO_OUT = os.dup(0), os.dup(1)
    devnull = os.open("/dev/null", os.O_RDWR)
    os.dup2(devnull, 0)
    os.dup2(2, 1)  # stray prints from preloaded modules must not corrupt the protocol
    setup_errors = []
    HOST_PROCS = count_user_processes(CONFIG["uid"])  # before our own /proc view exists
    if IS_ROOT:
        if enter_namespaces():
            become_pid1()
            PID1 = True
            try:
                build_filesystem_view()
                ROOTED = True
            except OSError as exc:
                feature("filesystem_view", False, "building the private filesystem view failed: %s" % exc)
    else:
        reason = "mario runs as uid %d, not root: namespaces, chroot and dropping to uid %d need root" % (
            os.geteuid(), CONFIG["uid"])
        for name in ("network_namespace", "pid_namespace", "filesystem_view", "unprivileged_user"):
            feature(name, False, reason)
    packages = {}
    for module in CONFIG["preload"]:
        try:
            mod = __import__(module)
            packages[module] = getattr(mod, "__version__", "")
        except Exception as exc:
            setup_errors.append("import %s failed: %s: %s" % (module, type(exc).__name__, exc))
    import gc
    import resource  # noqa: F401  (children need it; import it once here)
    if CONFIG.get("warmup", True) and "sympy" in packages and "numpy" in packages:
        try:
            exec(compile(WARMUP, "<warmup>", "exec"), {"__name__": "__warmup__"})
        except Exception as exc:
            setup_errors.append("the warm-up failed: %s: %s" % (type(exc).__name__, exc))
    gc.collect()
    gc.freeze()  # keep the preloaded heap out of the children's collections: fewer copy-on-write faults
    with open("/proc/self/status") as status:
        BASE_VM = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmSize:"))
    spare = prepare()
    probe_result = execute(spare, {"probe": True, "timeout_ms": 10000, "cells": []})
    finish(spare)
    report = probe_result.get("probe") or {}
    if not report:
        setup_errors.append("the probe execution failed: %s %s" % (probe_result["error"], probe_result["stderr"]))
    for name, (ok, detail) in report.items():
        if name not in FEATURES:
            FEATURES[name] = [ok, detail]
    write_frame(PROTO_OUT, {"kind": "ready", "python": sys.version.split()[0], "executable": sys.executable,
                            "packages": packages, "features": FEATURES, "errors": setup_errors,
                            "base_vm_bytes": BASE_VM, "pid": os.getpid()})
    while True:
        spare = prepare()  # fork ahead: the next request finds a child that is ready to run
        job = read_frame(PROTO_IN)
        if job is None:
            kill_everything(spare)
            wipe(spare)  # without the private view the spare's working dir lives in the host's temp dir
            return
        job["probe"] = False
        write_frame(PROTO_OUT, execute(spare, job))
        finish(spare)


if __name__ == "__main__":
    main()
