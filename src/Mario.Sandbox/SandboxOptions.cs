namespace Mario.Sandbox;

/// <summary>
/// How the code sandbox runs model-written Python. Immutable; build it once at the CLI edge and call
/// <see cref="Validate"/> before use.
/// </summary>
public sealed record SandboxOptions
{
    /// <summary>The modules every fork server imports once before forking (sympy and numpy are required).</summary>
    public static readonly IReadOnlyList<string> DefaultPreload =
        ["sympy", "numpy", "math", "cmath", "fractions", "decimal", "itertools", "functools", "collections",
         "random", "re", "statistics", "json", "ast", "traceback", "linecache", "io", "socket"];

    /// <summary>
    /// The interpreter to use (<c>--python</c>); null means <c>MARIO_PYTHON</c>, then probing the usual
    /// locations for a python3 that imports sympy and numpy.
    /// </summary>
    public string? PythonPath { get; init; }

    /// <summary>Number of fork servers, i.e. executions that can run at once. Range 1..64.</summary>
    public int PoolSize { get; init; } = Math.Clamp(Environment.ProcessorCount, 2, 8);

    /// <summary>Wall-clock limit of one execution (replay included). Range 0.1 s .. 1 h; CPU time is capped at this plus 1 s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Address space a cell may add on top of the preloaded interpreter, in MiB (RLIMIT_AS). Range 64..65536.</summary>
    public int MemoryMiB { get; init; } = 1024;

    /// <summary>Largest file a cell may write, in MiB (RLIMIT_FSIZE). Range 0..4096.</summary>
    public int MaxFileMiB { get; init; } = 16;

    /// <summary>Open file descriptors per process (RLIMIT_NOFILE). Range 16..4096.</summary>
    public int MaxOpenFiles { get; init; } = 64;

    /// <summary>
    /// Processes and threads one cell may start (RLIMIT_NPROC). The kernel counts every process of a uid: with
    /// <see cref="CellUserIdBase"/> (the default) each server's cells have a uid of their own, so the limit is this
    /// plus one (the cell itself) and belongs to the one running cell. With a shared uid it is this plus two per
    /// fork server plus the uid's processes already on the host, shared by the cells running at the same time.
    /// Range 1..4096.
    /// </summary>
    public int MaxProcesses { get; init; } = 16;

    /// <summary>Size of each server's private scratch file system (the cells' working dirs and /tmp), in MiB. Range 1..65536.</summary>
    public int ScratchMiB { get; init; } = 64;

    /// <summary>
    /// Most bytes of stdout (and, separately, stderr) kept per execution; beyond it the head and tail halves
    /// are kept around an omission marker. Range 1 KiB .. 16 MiB.
    /// </summary>
    public int MaxOutputBytes { get; init; } = 1 << 20;

    /// <summary>
    /// When the last statement of the last cell is an expression whose value is not None, print its <c>str()</c>
    /// after the cell's own output (a REPL-like echo, as Super_MARIO's interpreter returns the value).
    /// </summary>
    public bool EchoLastExpression { get; init; } = true;

    /// <summary>
    /// Run even when isolation features are missing (<c>--unsafe-sandbox</c>). Record it in every run summary:
    /// cells may then reach the network, the file system and other processes of the user running mario.
    /// </summary>
    public bool AllowUnsafe { get; init; }

    /// <summary>
    /// The unprivileged group id cells run as when mario runs as root (65534 = nogroup), and their user id when
    /// <see cref="CellUserIdBase"/> is 0.
    /// </summary>
    public int SandboxUserId { get; init; } = 65534;

    /// <summary>
    /// When above 0 (and mario runs as root), the cells of each fork server run as a uid of their own: this base
    /// plus the host pid of the server's supervisor process, unique among live processes. The kernel counts
    /// RLIMIT_NPROC per uid, so one cell's fork bomb then cannot take the process allowance of a cell in another
    /// server (or another mario). 0 runs every cell as <see cref="SandboxUserId"/>, sharing that allowance.
    /// Range 0, or 65536 .. 2^31 - 2^22 - 1 (room for every pid up to the kernel's maximum pid_max, 2^22).
    /// </summary>
    public int CellUserIdBase { get; init; } = 1_000_000_000;

    /// <summary>
    /// Exercise common sympy/numpy operations once per server before forking (about 0.5 s CPU per server start),
    /// so the lazy imports they trigger are inherited by every child: a <c>sympy.solve</c> cell then costs about a
    /// third of the CPU it costs in a child of an unwarmed server.
    /// </summary>
    public bool WarmUp { get; init; } = true;

    /// <summary>Modules imported once per fork server; see <see cref="DefaultPreload"/>.</summary>
    public IReadOnlyList<string> Preload { get; init; } = DefaultPreload;

    /// <summary>How long a fork server may take to start (import the preload list and run its probe).</summary>
    public TimeSpan StartupTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Every problem with these options, each naming the field and the accepted range; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        void Range(string name, long value, long min, long max, string unit = "")
        {
            if (value < min || value > max)
            {
                errors.Add($"{name} must be in {min}..{max}{unit}, got {value}{unit}");
            }
        }

        Range(nameof(PoolSize), PoolSize, 1, 64);
        if (Timeout < TimeSpan.FromMilliseconds(100) || Timeout > TimeSpan.FromHours(1))
        {
            errors.Add($"{nameof(Timeout)} must be between 0.1 s and 3600 s, got {Timeout.TotalSeconds} s");
        }

        Range(nameof(MemoryMiB), MemoryMiB, 64, 65536, " MiB");
        Range(nameof(MaxFileMiB), MaxFileMiB, 0, 4096, " MiB");
        Range(nameof(MaxOpenFiles), MaxOpenFiles, 16, 4096);
        Range(nameof(MaxProcesses), MaxProcesses, 1, 4096);
        Range(nameof(ScratchMiB), ScratchMiB, 1, 65536, " MiB");
        Range(nameof(MaxOutputBytes), MaxOutputBytes, 1024, 16 << 20, " bytes");
        Range(nameof(SandboxUserId), SandboxUserId, 1, int.MaxValue);
        if (CellUserIdBase != 0)
        {
            Range(nameof(CellUserIdBase), CellUserIdBase, 65536, int.MaxValue - (1 << 22));
        }
        if (PythonPath is { Length: 0 })
        {
            errors.Add($"{nameof(PythonPath)} must be a path to a python3 executable, got an empty string");
        }

        foreach (var required in new[] { "sympy", "numpy" })
        {
            if (!Preload.Contains(required))
            {
                errors.Add($"{nameof(Preload)} must include {required}");
            }
        }

        foreach (var module in Preload)
        {
            if (!IsModuleName(module))
            {
                errors.Add($"{nameof(Preload)} entry '{module}' is not a python module name");
            }
        }

        return errors;
    }

    private static bool IsModuleName(string name) =>
        name.Length > 0 && name.Split('.').All(part =>
            part.Length > 0 && !char.IsDigit(part[0]) && part.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'));
}
