namespace Mario.Models;

/// <summary>A value model or process reward model that scores partial solutions.</summary>
public interface IValueModel
{
    /// <summary>A stable identifier recorded in run summaries.</summary>
    string Id { get; }

    /// <summary>
    /// Scores each text (a prompt followed by the steps so far, ending exactly at a step boundary).
    /// Returns one value per text, in order, in [-1, 1] (PRMs reporting [0, 1] are rescaled as 2p - 1).
    /// </summary>
    ValueTask<IReadOnlyList<double>> ScoreAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken);
}
