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

    /// <summary>
    /// Scores each partial solution; what search calls. Returns one value per query, in order, in [-1, 1]: the value
    /// of the solution up to and including its last step. The default scores each <see cref="ValueQuery.Prompt"/>
    /// with <see cref="ScoreAsync(IReadOnlyList{string}, CancellationToken)"/> (a value head reads the policy's own
    /// prompt); reward models served over HTTP override it to template the question and steps their own way.
    /// </summary>
    ValueTask<IReadOnlyList<double>> ScoreAsync(IReadOnlyList<ValueQuery> queries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queries);
        IReadOnlyList<string> prompts = queries.Select(q => q.Prompt).ToList();
        return ScoreAsync(prompts, cancellationToken);
    }
}
