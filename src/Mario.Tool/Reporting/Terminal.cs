using Spectre.Console;

namespace Mario.Tool.Reporting;

/// <summary>Creates Spectre consoles over the command's output writer (so tests can capture tables).</summary>
public static class Terminal
{
    /// <summary>A console writing to <paramref name="writer"/>; 140 columns wide when it is not a terminal, so output is stable.</summary>
    public static IAnsiConsole Create(TextWriter writer)
    {
        var redirected = !ReferenceEquals(writer, Console.Out) || Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = redirected ? InteractionSupport.No : InteractionSupport.Detect,
        });
        if (redirected)
        {
            console.Profile.Width = 140;
        }

        return console;
    }
}
