using Mario.Sandbox;

namespace Mario.Benchmarks;

/// <summary>Settings of <c>Mario.Benchmarks sandbox</c>, validated once at the CLI edge.</summary>
/// <param name="Cells">Cells per fork-server measurement, at least 10.</param>
/// <param name="FreshCells">Cells per fresh-process measurement (each costs a python start), at least 5.</param>
/// <param name="Concurrency">Executions in flight for the throughput figures (and fork servers in the pool), 1..64.</param>
/// <param name="Sandbox">Interpreter, timeout and isolation settings.</param>
public sealed record SandboxBenchOptions(int Cells, int FreshCells, int Concurrency, SandboxOptions Sandbox)
{
    /// <summary>Every problem, naming the option; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Cells < 10)
        {
            errors.Add($"--cells must be at least 10, got {Cells}");
        }

        if (FreshCells < 5)
        {
            errors.Add($"--fresh-cells must be at least 5, got {FreshCells}");
        }

        if (Concurrency is < 1 or > 64)
        {
            errors.Add($"--concurrency must be in 1..64, got {Concurrency}");
        }

        errors.AddRange(Sandbox.Validate());
        return errors;
    }
}
