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
# child gets an IPC namespace of its own, chroots into that view, drops to an unprivileged uid that belongs to
# this server alone, sets no_new_privs and a seccomp filter, gets rlimits and a private empty working directory.
# After each execution every process in the namespace is killed and the scratch space is wiped, so nothing a cell
# starts or writes outlives it. The verdict (error, timeout, crash) comes from the child's exit status and the
# server's own clock, never from a message the cell's code could forge. The outer process (the one mario started)
# only supervises: when mario's end of the protocol pipe hangs up (mario exited or was killed), it kills the server.
import ctypes
import errno
import json
import mmap
import os
import platform
import select
import signal
import struct
import sys
import time

CONFIG = json.loads(sys.argv[1])
OUTER_PID = os.getpid()  # a host pid: unique among live processes, so it names this server's own cell uid
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_name] = "1"  # one BLAS thread: threads count against RLIMIT_NPROC and fork copies none

CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC = 0x00020000, 0x04000000, 0x08000000
CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET = 0x10000000, 0x20000000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
PR_SET_PDEATHSIG, PR_SET_SECCOMP, PR_SET_NO_NEW_PRIVS, PR_GET_NO_NEW_PRIVS = 1, 22, 38, 39
EXIT_RAISED = 86  # the runner's exit status when the last cell raised; the details are in the result region
RESULT_BYTES = 1 << 20
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


# ---------------------------------------------------------------- seccomp (built once, installed in every child)

# System calls a math cell never needs, with their numbers on x86_64 and aarch64 (from the kernel's
# asm/unistd_64.h and asm-generic/unistd.h; None where the architecture has no such call). Each fails with EPERM.
DENIED_SYSCALLS = {
    "ptrace": (101, 117), "process_vm_readv": (310, 270), "process_vm_writev": (311, 271), "kcmp": (312, 272),
    "mount": (165, 40), "umount2": (166, 39), "pivot_root": (155, 41), "chroot": (161, 51),
    "open_tree": (428, 428), "move_mount": (429, 429), "fsopen": (430, 430), "fsconfig": (431, 431),
    "fsmount": (432, 432), "fspick": (433, 433), "mount_setattr": (442, 442),
    "unshare": (272, 97), "setns": (308, 268),
    "add_key": (248, 217), "request_key": (249, 218), "keyctl": (250, 219),
    "bpf": (321, 280), "perf_event_open": (298, 241), "userfaultfd": (323, 282),
    "io_uring_setup": (425, 425), "io_uring_enter": (426, 426), "io_uring_register": (427, 427),
    "kexec_load": (246, 104), "kexec_file_load": (320, 294), "reboot": (169, 142),
    "init_module": (175, 105), "finit_module": (313, 273), "delete_module": (176, 106),
    "swapon": (167, 224), "swapoff": (168, 225), "acct": (163, 89), "quotactl": (179, 60),
    "syslog": (103, 116), "vhangup": (153, 58), "lookup_dcookie": (212, 18), "fanotify_init": (300, 262),
    "open_by_handle_at": (304, 265), "name_to_handle_at": (303, 264), "iopl": (172, None), "ioperm": (173, None),
    "sethostname": (170, 161), "setdomainname": (171, 162), "settimeofday": (164, 170),
    "clock_settime": (227, 112), "adjtimex": (159, 171), "clock_adjtime": (305, 266),
}
AUDIT_ARCH = {"x86_64": (0xC000003E, 0), "aarch64": (0xC00000B7, 1)}
SECCOMP_RET_KILL_PROCESS, SECCOMP_RET_ERRNO, SECCOMP_RET_ALLOW = 0x80000000, 0x00050000, 0x7FFF0000
BPF_LD_W_ABS, BPF_JEQ_K, BPF_JGE_K, BPF_RET_K = 0x20, 0x15, 0x35, 0x06


class SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def seccomp_program():
    """The classic-BPF filter as bytes, or (None, reason) where this architecture has no syscall table here."""
    machine = platform.machine()
    if machine not in AUDIT_ARCH:
        return None, "no system call table for %s" % machine
    arch, column = AUDIT_ARCH[machine]
    numbers = sorted({nrs[column] for nrs in DENIED_SYSCALLS.values() if nrs[column] is not None})

    def op(code, jt, jf, k):
        return struct.pack("<HBBI", code, jt, jf, k)

    # layout: check arch, load nr, [x32 check], one JEQ per denied number, ALLOW, ERRNO(EPERM), KILL
    body = [op(BPF_LD_W_ABS, 0, 0, 0)]
    if machine == "x86_64":  # the x32 ABI sets bit 30 of the number: refuse it outright
        body.append(("x32",))
    body += [("deny", n) for n in numbers]
    prog = [op(BPF_LD_W_ABS, 0, 0, 4), None]  # arch; then JEQ arch else kill (patched below)
    tail = len(body)  # instructions after the arch jump: body, then ALLOW(+0), ERRNO(+1), KILL(+2)
    for i, ins in enumerate(body):
        to_errno = tail - i  # from instruction i of the body, ALLOW is tail - i - 1 ahead, ERRNO one further
        if isinstance(ins, bytes):
            prog.append(ins)
        elif ins[0] == "x32":
            prog.append(op(BPF_JGE_K, to_errno, 0, 0x40000000))
        else:
            prog.append(op(BPF_JEQ_K, to_errno, 0, ins[1]))
    prog.append(op(BPF_RET_K, 0, 0, SECCOMP_RET_ALLOW))
    prog.append(op(BPF_RET_K, 0, 0, SECCOMP_RET_ERRNO | errno.EPERM))
    prog.append(op(BPF_RET_K, 0, 0, SECCOMP_RET_KILL_PROCESS))
    prog[1] = op(BPF_JEQ_K, 0, tail + 2, arch)  # a foreign ABI (e.g. i386 through int 0x80) kills the process
    if tail + 2 > 255:
        return None, "the filter is too long for 8-bit jumps"
    return b"".join(prog), "%d system calls denied with EPERM on %s" % (len(numbers), machine)


def install_seccomp(program):
    buf = ctypes.create_string_buffer(program, len(program))
    fprog = SockFprog(len(program) // 8, ctypes.addressof(buf))
    _check(LIBC.prctl(PR_SET_SECCOMP, 2, ctypes.addressof(fprog), 0, 0), "prctl(PR_SET_SECCOMP)")


# ---------------------------------------------------------------- the result region

def write_result(obj):
    """Writes the child's report into the region shared with the server (no descriptor the cell could close)."""
    body = json.dumps(obj, ensure_ascii=False).encode("utf-8", "backslashreplace")
    if len(body) > RESULT_BYTES - 4:
        body = json.dumps({"error": {"type": obj.get("error", {}).get("type", "Error"),
                                     "message": "<the message was too long to report>"}}).encode()
    RESULT[4:4 + len(body)] = body
    RESULT[0:4] = struct.pack("<I", len(body))


def read_result():
    """The child's report, or None when it wrote none (or garbage)."""
    size = struct.unpack("<I", RESULT[0:4])[0]
    if size == 0 or size > RESULT_BYTES - 4:
        return None
    try:
        message = json.loads(RESULT[4:4 + size].decode("utf-8"))
    except ValueError:
        return None
    return message if isinstance(message, dict) else None


# ---------------------------------------------------------------- supervision (the outer process)

def supervise(server):
    """Runs in the process mario started: waits for the server, kills it as soon as mario's end of stdin hangs up."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.close(PROTO_OUT)  # mario must see EOF when the server dies, not when this process does
    poller = select.poll()
    # Event mask 0: poll reports only POLLHUP/POLLERR on the pipe, so this process never takes the server's data.
    poller.register(PROTO_IN, 0)
    pidfd = os.pidfd_open(server) if hasattr(os, "pidfd_open") else None
    if pidfd is not None:
        poller.register(pidfd, select.POLLIN)
    while True:
        events = poller.poll(None if pidfd is not None else 200)
        if any(fd == PROTO_IN for fd, _ in events):
            # An idle server reads the same EOF and stops by itself, wiping its scratch space (which matters
            # without the private view); a busy one is not reading, so it is killed after a short grace.
            if pidfd is None or not select.select([pidfd], [], [], 0.25)[0]:
                os.kill(server, signal.SIGKILL)  # pid 1 of the namespace: the kernel then kills every cell process
            os.waitpid(server, 0)
            os._exit(0)
        pid, status = os.waitpid(server, os.WNOHANG)
        if pid != 0:
            os._exit(os.waitstatus_to_exitcode(status) & 0xFF)


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


def split_supervisor():
    """Forks the server proper (pid 1 of the new pid namespace when one was unshared); this process supervises."""
    pid = os.fork()
    if pid != 0:
        supervise(pid)
    prctl(PR_SET_PDEATHSIG, signal.SIGKILL)  # the supervisor is single-threaded: its death is mario's kill
    if os.getppid() != 0 and os.getppid() != OUTER_PID:
        os._exit(0)  # the supervisor died before the death signal was armed


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

    def __init__(self, pid, job_w, out_r, err_r, workdir, pidfd):
        self.pid, self.job_w, self.out_r, self.err_r = pid, job_w, out_r, err_r
        self.workdir, self.pidfd = workdir, pidfd
        self.reaped, self.open_fds = False, []


def set_limits(resource):
    mib = 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (BASE_VM + CONFIG["memory_mib"] * mib,) * 2)
    resource.setrlimit(resource.RLIMIT_FSIZE, (CONFIG["file_mib"] * mib,) * 2)
    resource.setrlimit(resource.RLIMIT_NOFILE, (CONFIG["nofile"],) * 2)
    resource.setrlimit(resource.RLIMIT_NPROC, (NPROC,) * 2)
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


def private_ipc():
    """Gives the child an IPC namespace of its own, whose SysV objects die with it, capped by the memory limit."""
    if LIBC.unshare(CLONE_NEWIPC) != 0:
        return
    pages = (CONFIG["memory_mib"] << 20) // os.sysconf("SC_PAGE_SIZE")
    # /proc/sys/kernel/shm* and msg* are per IPC namespace: these writes set the new namespace's limits. Raw
    # os.open/os.write: this runs for every cell, and file objects cost about twice the CPU.
    for name, value in ((b"/proc/sys/kernel/shmall", pages), (b"/proc/sys/kernel/msgmni", 16)):
        try:
            fd = os.open(name, os.O_WRONLY)
            try:
                os.write(fd, str(value).encode())
            finally:
                os.close(fd)
        except OSError:
            pass  # the probe reports the limits it sees


def child_main(job_r, out_w, err_w, workdir):
    import resource
    os.setsid()
    prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGCHLD):
        signal.signal(sig, signal.SIG_DFL)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # an oversized file write becomes OSError, not a silent kill
    devnull = os.open("/dev/null", os.O_RDWR)
    for src, dst in ((devnull, 0), (out_w, 1), (err_w, 2), (job_r, 3)):
        os.dup2(src, dst)
    os.closerange(4, 65536)
    if IS_ROOT:
        private_ipc()
    set_limits(resource)
    if ROOTED:
        os.chroot(ROOT)
    os.chdir(workdir)
    if IS_ROOT:
        os.setgroups([])
        os.setresgid(CONFIG["gid"], CONFIG["gid"], CONFIG["gid"])
        os.setresuid(CELL_UID, CELL_UID, CELL_UID)
    prctl(PR_SET_NO_NEW_PRIVS, 1)
    if SECCOMP is not None:
        install_seccomp(SECCOMP)
    os.environ.clear()
    os.environ.update({"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": workdir, "LANG": "C.UTF-8",
                       "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "TMPDIR": workdir})
    job = read_frame(3)
    os.close(3)
    if job is None:
        os._exit(0)
    cpu = int(job["timeout_ms"] / 1000) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
    if job.get("probe"):
        report = probe()
        os.close(1)
        os.close(2)
        write_result({"probe": report})
        os._exit(0)
    error = run_cells(job["cells"], bool(job.get("echo", True)))
    for fd in (1, 2):
        try:
            os.close(fd)  # EOF on the output pipes tells the server the output is complete
        except OSError:
            pass
    if error is None:
        os._exit(0)
    write_result({"error": error})
    os._exit(EXIT_RAISED)


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
    report.update(probe_kernel_state())
    limits = {name: resource.getrlimit(getattr(resource, name))[1] for name in
              ("RLIMIT_AS", "RLIMIT_CPU", "RLIMIT_FSIZE", "RLIMIT_NOFILE", "RLIMIT_NPROC")}
    report["resource_limits"] = [all(v != resource.RLIM_INFINITY for v in limits.values()),
                                 ", ".join("%s=%d" % (k[7:].lower(), v) for k, v in limits.items())]
    return report


def probe_kernel_state():
    """The probe's checks of the per-cell kernel state: IPC namespace, keyrings, the seccomp filter, process limit."""
    import resource
    report = {}
    try:
        own_ipc = os.readlink("/proc/self/ns/ipc")
        with open("/proc/sys/kernel/shmall") as f:
            shm_mib = int(f.read()) * os.sysconf("SC_PAGE_SIZE") >> 20
        report["private_ipc"] = [own_ipc != SERVER_IPC and shm_mib <= CONFIG["memory_mib"],
                                 "the cell's %s is not the server's %s; SysV shared memory capped at %d MiB"
                                 % (own_ipc, SERVER_IPC, shm_mib)]
    except OSError as exc:
        report["private_ipc"] = [False, "cannot inspect the IPC namespace: %s" % exc]
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    column = AUDIT_ARCH.get(platform.machine(), (0, None))[1]
    if column is None:
        report["keyring_denied"] = [False, "no system call numbers for %s" % platform.machine()]
    else:
        key = libc.syscall(ctypes.c_long(DENIED_SYSCALLS["add_key"][column]), b"user", b"mario-probe", b"x",
                           ctypes.c_size_t(1), ctypes.c_long(-4))
        add_errno = ctypes.get_errno()
        ring = libc.syscall(ctypes.c_long(DENIED_SYSCALLS["keyctl"][column]), ctypes.c_long(0), ctypes.c_long(-4),
                            ctypes.c_long(0))
        ring_errno = ctypes.get_errno()
        report["keyring_denied"] = [key < 0 and ring < 0,
                                    "add_key %s, keyctl(GET_KEYRING_ID) %s" % (
                                        "failed: " + os.strerror(add_errno) if key < 0 else "succeeded",
                                        "failed: " + os.strerror(ring_errno) if ring < 0 else "succeeded")]
        # unshare(0) changes nothing and succeeds for anyone: only the filter makes it fail
        blocked = libc.syscall(ctypes.c_long(DENIED_SYSCALLS["unshare"][column]), ctypes.c_long(0))
        blocked_errno = ctypes.get_errno()
    with open("/proc/self/status") as status:
        mode = next((line.split()[1] for line in status if line.startswith("Seccomp:")), "0")
    if column is None or SECCOMP is None:
        report["syscall_filter"] = [False, SECCOMP_DETAIL]
    else:
        denied = blocked < 0 and blocked_errno == errno.EPERM
        report["syscall_filter"] = [mode == "2" and denied,
                                    "seccomp mode %s: %s (ptrace, mount, keyctl, bpf, perf_event_open, userfaultfd, "
                                    "io_uring, kexec, module loading, ...); unshare(0) %s" % (
                                        mode, SECCOMP_DETAIL, "fails with EPERM" if denied else
                                        "returned %d (errno %d)" % (blocked, blocked_errno))]
    nproc = resource.getrlimit(resource.RLIMIT_NPROC)[1]
    own = OWN_UID and HOST_PROCS == 0 and os.getuid() == CELL_UID
    report["process_limit_per_cell"] = [
        own and nproc != resource.RLIM_INFINITY,
        ("cells of this server run as uid %d, which no other process on the host uses: RLIMIT_NPROC=%d counts only "
         "this cell's processes; memory: RLIMIT_AS per process (%s)" if own else
         "cells run as uid %d, shared with other servers and host processes: RLIMIT_NPROC=%d is shared (%s)")
        % (os.getuid(), nproc, CGROUP_DETAIL)]
    return report


def cgroup_detail():
    """What the machine offers for per-cell cgroups, for the doctor's process-limit line."""
    try:
        with open("/proc/self/mountinfo") as mounts:
            kinds = {line.split(" - ")[1].split()[0] + ":" + line.split()[4] for line in mounts if " - cgroup" in line}
    except OSError:
        kinds = set()
    v2 = sorted(k.split(":", 1)[1] for k in kinds if k.startswith("cgroup2:"))
    for path in v2:
        try:
            with open(path + "/cgroup.controllers") as f:
                controllers = f.read().split()
        except OSError:
            continue
        if "pids" in controllers and "memory" in controllers:
            return "cgroup v2 at %s offers pids and memory; mario does not use cgroups yet" % path
    if any(k.startswith("cgroup:") for k in kinds):
        return "no cgroup v2 pids/memory controllers here (cgroup v1 hierarchy); not used"
    return "no cgroup v2 pids/memory controllers here; not used"


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
            os.chown(ROOT + workdir, CELL_UID, CONFIG["gid"])
    else:
        import tempfile
        workdir = tempfile.mkdtemp(prefix="mario-cell-")
        if IS_ROOT:
            os.chown(workdir, CELL_UID, CONFIG["gid"])
    job_r, job_w = os.pipe()
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    RESULT[0:4] = b"\0\0\0\0"  # only one child at a time uses the region: the previous one is reaped
    pid = os.fork()
    if pid == 0:
        try:
            os.close(PROTO_IN)
            os.close(PROTO_OUT)
            child_main(job_r, out_w, err_w, workdir)
        finally:
            os._exit(121)
    for fd in (job_r, out_w, err_w):
        os.close(fd)
    pidfd = os.pidfd_open(pid) if hasattr(os, "pidfd_open") else None
    return Spare(pid, job_w, out_r, err_r, workdir, pidfd)


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


def execute(spare, job):
    """Runs one job on the spare child; answers once the child has exited (cleanup of leftovers is later).

    The verdict comes only from what the cell's code cannot forge: the server's own clock (timeout), the exit status
    the kernel reports for the child (crash, raised, success). The report in the result region only adds the
    details (exception type and message) of a child whose exit status says it raised.
    """
    timeout = job["timeout_ms"] / 1000.0
    start = time.monotonic()
    deadline = start + timeout
    try:
        write_frame(spare.job_w, job)
    except OSError:
        pass  # the child died before reading its job; its exit status tells why
    os.close(spare.job_w)
    out, err = Capture(CONFIG["max_output"]), Capture(CONFIG["max_output"])
    streams = {spare.out_r: out, spare.err_r: err}
    status, timed_out, grace = None, False, None
    while True:
        now = time.monotonic()
        if status is not None and (not streams or now >= grace):
            break  # without a pid namespace an escaped writer may hold a pipe open: stop at the grace limit
        if status is None and now >= deadline:
            timed_out = True
            kill_everything(spare)  # as pid 1 this also reaps the child
            if not PID1:
                os.waitpid(spare.pid, 0)
            spare.reaped = True
            status = int(signal.SIGKILL)
            grace = time.monotonic() + 1.0
            continue
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
                if streams:
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
    report = read_result()
    if timed_out:
        pass
    elif os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        if sig == signal.SIGXCPU:
            timed_out = True
        else:
            error = {"type": "Crash", "message": "the interpreter was killed by signal %s" % signal.Signals(sig).name}
    elif os.WIFEXITED(status) and os.WEXITSTATUS(status) != 0:
        code = os.WEXITSTATUS(status)
        reported = report.get("error") if code == EXIT_RAISED and report is not None else None
        if isinstance(reported, dict) and isinstance(reported.get("type"), str) \
                and isinstance(reported.get("message"), str):
            error = {"type": reported["type"], "message": reported["message"]}
        else:
            error = {"type": "SystemExit", "message": str(code)}
    return {"kind": "result", "stdout": out.text(), "stderr": err.text(), "error": error, "timed_out": timed_out,
            "elapsed_ms": elapsed * 1000.0, "stdout_bytes": out.total, "stderr_bytes": err.total,
            "probe": report.get("probe") if job.get("probe") and report is not None else None}


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
    global ROOTED, PID1, IS_ROOT, BASE_VM, COUNTER, PROTO_IN, PROTO_OUT, HOST_PROCS, NPROC, CELL_UID
    global SECCOMP, SECCOMP_DETAIL, SERVER_IPC, CGROUP_DETAIL, RESULT, OWN_UID
    COUNTER = 0
    IS_ROOT = os.geteuid() == 0
    ROOTED = PID1 = False
    # the protocol moves to high descriptors so that children can never write into it by accident
    PROTO_IN, PROTO_OUT = os.dup(0), os.dup(1)
    devnull = os.open("/dev/null", os.O_RDWR)
    os.dup2(devnull, 0)
    os.dup2(2, 1)  # stray prints from preloaded modules must not corrupt the protocol
    setup_errors = []
    # Each server's cells get a uid of their own (base + this server's host pid), so RLIMIT_NPROC, which the
    # kernel counts per uid, is this server's alone: one cell's fork bomb cannot take another cell's processes.
    OWN_UID = IS_ROOT and CONFIG["uid_base"] > 0
    if OWN_UID:
        CELL_UID = CONFIG["uid_base"] + OUTER_PID
    else:
        CELL_UID = CONFIG["uid"] if IS_ROOT else os.getuid()
    HOST_PROCS = count_user_processes(CELL_UID)  # before our own /proc view exists
    if OWN_UID:
        NPROC = CONFIG["max_processes"] + 1 + HOST_PROCS  # the cell itself and the processes it starts
    else:
        NPROC = CONFIG["max_processes"] + 2 * CONFIG["pool_size"] + HOST_PROCS  # shared by every server's cells
    SECCOMP, SECCOMP_DETAIL = seccomp_program()
    SERVER_IPC = os.readlink("/proc/self/ns/ipc")
    CGROUP_DETAIL = cgroup_detail()
    unshared = IS_ROOT and enter_namespaces()
    split_supervisor()
    if unshared:
        PID1 = True
        try:
            build_filesystem_view()
            ROOTED = True
        except OSError as exc:
            feature("filesystem_view", False, "building the private filesystem view failed: %s" % exc)
    elif not IS_ROOT:
        reason = "mario runs as uid %d, not root: namespaces, chroot and dropping to uid %d need root" % (
            os.geteuid(), CONFIG["uid"])
        for name in ("network_namespace", "pid_namespace", "filesystem_view", "unprivileged_user", "private_ipc",
                     "process_limit_per_cell"):
            feature(name, False, reason)
    feature("server_dies_with_host", True, "the process mario started watches its stdin for hang-up and then "
                                           "kills the server (pid %d) and with it every cell" % OUTER_PID)
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
    RESULT = mmap.mmap(-1, RESULT_BYTES)  # shared with every child; a cell cannot close it like a descriptor
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
