using System.Globalization;
using Spectre.Console;

namespace Mario.Tool.Reporting;

/// <summary>
/// Creates Spectre consoles over a command's output or error writer (so tests can capture them). Results go to
/// standard output, progress and warnings to standard error. Colours, cursor movement and wrapping are used only
/// where the stream is a terminal; <c>NO_COLOR</c> turns colours off and <c>COLUMNS</c> sets the width.
/// </summary>
public static class Terminal
{
    /// <summary>Width used when the stream is not a terminal and COLUMNS is unset: wide enough that no table wraps.</summary>
    public const int PipeWidth = 1000;

    /// <summary>A console for results, writing to <paramref name="writer"/> (normally standard output).</summary>
    public static IAnsiConsole Create(TextWriter writer) =>
        Create(writer, isTerminal: ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected);

    /// <summary>A console for progress and warnings, writing to <paramref name="writer"/> (normally standard error).</summary>
    public static IAnsiConsole CreateError(TextWriter writer) =>
        Create(writer, isTerminal: ReferenceEquals(writer, Console.Error) && !Console.IsErrorRedirected);

    /// <summary>True when the environment asks for no colours (<c>NO_COLOR</c> set to anything non-empty, no-color.org).</summary>
    public static bool NoColor => Environment.GetEnvironmentVariable("NO_COLOR") is { Length: > 0 };

    /// <summary>The width <c>COLUMNS</c> asks for, or null when it is unset or not a positive integer.</summary>
    public static int? ColumnsVariable =>
        int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), NumberStyles.None, CultureInfo.InvariantCulture, out var columns) && columns > 0
            ? columns
            : null;

    private static IAnsiConsole Create(TextWriter writer, bool isTerminal)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = isTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = isTerminal && !NoColor ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = isTerminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (ColumnsVariable is { } columns)
        {
            console.Profile.Width = columns;
        }
        else if (!isTerminal)
        {
            console.Profile.Width = PipeWidth;
        }

        return console;
    }
}
