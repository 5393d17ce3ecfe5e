using Spectre.Console;

namespace Mario.Tool.Reporting;

/// <summary>Creates Spectre consoles over the command's output writer (so tests can capture tables).</summary>
public static class Terminal
{
    /// <summary>
    /// A console writing to <paramref name="writer"/>; 140 columns wide when it is not a terminal, so output is
    /// stable. No ANSI escapes when it is not a terminal or NO_COLOR is set to anything non-empty (no-color.org).
    /// </summary>
    public static IAnsiConsole Create(TextWriter writer)
    {
        var redirected = !ReferenceEquals(writer, Console.Out) || Console.IsOutputRedirected;
        var plain = redirected || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = plain ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = plain ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = redirected ? InteractionSupport.No : InteractionSupport.Detect,
        });
        if (redirected)
        {
            console.Profile.Width = 140;
        }

        return console;
    }
}
