using Mario.Sandbox;

namespace Mario.Sandbox.Tests;

public sealed class IsolationReportTests
{
    [Fact]
    public void FromProbe_UnreportedFeature_CountsAsMissing()
    {
        var report = IsolationReport.FromProbe(new Dictionary<string, (bool, string)>
        {
            ["unprivileged_user"] = (true, "uid 65534"),
            ["network_namespace"] = (false, "unshare failed: Operation not permitted"),
        });

        Assert.False(report.IsComplete);
        Assert.Equal(Enum.GetValues<IsolationFeature>().Length, report.Checks.Count);
        Assert.Contains("NetworkNamespace: unshare failed: Operation not permitted", report.DescribeMissing(), StringComparison.Ordinal);
        Assert.Contains("PidNamespace: not reported by the fork server's probe", report.DescribeMissing(), StringComparison.Ordinal);
        Assert.StartsWith("incomplete: NoNewPrivileges, NetworkNamespace, PidNamespace", report.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void FromProbe_EverythingWorks_IsComplete()
    {
        var all = Enum.GetValues<IsolationFeature>().ToDictionary(IsolationReport.WireName, _ => (true, "ok"));

        var report = IsolationReport.FromProbe(all);

        Assert.True(report.IsComplete);
        Assert.Equal("complete", report.Summary);
        Assert.Empty(report.DescribeMissing());
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(100, false)]
    [InlineData(4, true)]
    public void Validate_PoolSize_NamesTheField(int poolSize, bool valid)
    {
        var errors = new SandboxOptions { PoolSize = poolSize }.Validate();

        Assert.Equal(valid, errors.Count == 0);
        Assert.All(errors, e => Assert.StartsWith("PoolSize must be in 1..64", e, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(65535, false)]
    [InlineData(1_000_000_000, true)]
    [InlineData(int.MaxValue, false)]
    public void Validate_CellUserIdBase_LeavesRoomForEveryPid(int uidBase, bool valid)
    {
        var errors = new SandboxOptions { CellUserIdBase = uidBase }.Validate();

        Assert.Equal(valid, errors.Count == 0);
        Assert.All(errors, e => Assert.StartsWith("CellUserIdBase must be in 65536..2143289343", e, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_PreloadWithoutSympy_IsRejected()
    {
        var errors = new SandboxOptions { Preload = ["numpy", "os;rm"] }.Validate();

        Assert.Contains("Preload must include sympy", errors);
        Assert.Contains("Preload entry 'os;rm' is not a python module name", errors);
    }
}
