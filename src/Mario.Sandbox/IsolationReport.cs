namespace Mario.Sandbox;

/// <summary>Which isolation features work on this machine, as measured by a fork server's probe cell.</summary>
/// <param name="Checks">One check per <see cref="IsolationFeature"/>, in enum order.</param>
public sealed record IsolationReport(IReadOnlyList<IsolationCheck> Checks)
{
    /// <summary>The checks that failed.</summary>
    public IReadOnlyList<IsolationCheck> Missing => Checks.Where(c => !c.Works).ToList();

    /// <summary>True when every feature works.</summary>
    public bool IsComplete => Checks.All(c => c.Works);

    /// <summary>One line for run summaries: <c>complete</c>, or <c>incomplete: NetworkNamespace, PidNamespace</c>.</summary>
    public string Summary => IsComplete ? "complete" : "incomplete: " + string.Join(", ", Missing.Select(c => c.Feature));

    /// <summary>A multi-line description of what is missing and why, for error messages.</summary>
    public string DescribeMissing() =>
        string.Join('\n', Missing.Select(c => $"  {c.Feature}: {c.Detail}"));

    /// <summary>Builds the report from the fork server's feature map; a feature it did not report counts as missing.</summary>
    internal static IsolationReport FromProbe(IReadOnlyDictionary<string, (bool Works, string Detail)> features)
    {
        var checks = new List<IsolationCheck>();
        foreach (var feature in Enum.GetValues<IsolationFeature>())
        {
            checks.Add(features.TryGetValue(WireName(feature), out var found)
                ? new IsolationCheck(feature, found.Works, found.Detail)
                : new IsolationCheck(feature, false, "not reported by the fork server's probe"));
        }

        return new IsolationReport(checks);
    }

    internal static string WireName(IsolationFeature feature) => feature switch
    {
        IsolationFeature.UnprivilegedUser => "unprivileged_user",
        IsolationFeature.NoNewPrivileges => "no_new_privileges",
        IsolationFeature.NetworkNamespace => "network_namespace",
        IsolationFeature.PidNamespace => "pid_namespace",
        IsolationFeature.FilesystemView => "filesystem_view",
        IsolationFeature.UserNamespaceDenied => "user_namespace_denied",
        IsolationFeature.ResourceLimits => "resource_limits",
        IsolationFeature.PrivateIpc => "private_ipc",
        IsolationFeature.KeyringDenied => "keyring_denied",
        IsolationFeature.SyscallFilter => "syscall_filter",
        IsolationFeature.ProcessLimitPerCell => "process_limit_per_cell",
        IsolationFeature.ServerDiesWithHost => "server_dies_with_host",
        _ => throw new ArgumentOutOfRangeException(nameof(feature), feature, null),
    };
}
