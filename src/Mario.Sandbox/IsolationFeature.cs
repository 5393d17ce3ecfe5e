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
}
