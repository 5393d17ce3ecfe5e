using Mario.Tool.Commands;

namespace Mario.Tool;

/// <summary>Entry point: builds the root command and invokes it. Nothing else.</summary>
public static class Program
{
    /// <summary>Runs <c>dotnet mario</c> with the given arguments and returns the exit code.</summary>
    public static Task<int> Main(string[] args) => MarioCli.InvokeAsync(args, Console.Out, Console.Error);
}
