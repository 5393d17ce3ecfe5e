namespace Mario.Sandbox;

/// <summary>One isolation property of the sandbox, checked by a real probe cell when a fork server starts.</summary>
public enum IsolationFeature
{
    /// <summary>Cells run as an unprivileged uid/gid (65534 by default), not as the user running mario.</summary>
    UnprivilegedUser,

    /// <summary>no_new_privs is set: setuid binaries cannot raise privileges.</summary>
    NoNewPrivileges,

    /// <summary>A private network namespace whose loopback is down: 127.0.0.1 and every other address are unreachable.</summary>
    NetworkNamespace,

    /// <summary>A private pid namespace: cells see and can signal only their own processes.</summary>
    PidNamespace,

    /// <summary>
    /// A private root: system directories read-only, a private empty working dir, no view of the repository,
    /// home directories or the host's /tmp.
    /// </summary>
    FilesystemView,

    /// <summary>Creating a user namespace (and with it fresh capabilities) is refused.</summary>
    UserNamespaceDenied,

    /// <summary>Address space, CPU seconds, file size, open files and process count are limited.</summary>
    ResourceLimits,

    /// <summary>
    /// Each cell has an IPC namespace of its own: SysV shared memory, semaphores and message queues it creates die
    /// with it, and SysV shared memory is capped at the cell's memory limit.
    /// </summary>
    PrivateIpc,

    /// <summary>No kernel keyring is reachable: add_key, keyctl and request_key fail (keyrings are not namespaced).</summary>
    KeyringDenied,

    /// <summary>
    /// A seccomp filter denies (EPERM) the system calls a math cell never needs: ptrace, mount, the keyring calls,
    /// bpf, perf_event_open, userfaultfd, io_uring, kexec, module loading and others; a foreign ABI kills the cell.
    /// </summary>
    SyscallFilter,

    /// <summary>
    /// The process limit belongs to the running cell alone (a uid per fork server), so a fork bomb in one cell
    /// cannot make another cell's fork fail.
    /// </summary>
    ProcessLimitPerCell,

    /// <summary>The fork server and its cells die within a second when mario exits or is killed (even SIGKILL).</summary>
    ServerDiesWithHost,
}
