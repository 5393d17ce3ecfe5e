namespace Mario.Inference.Engine;

/// <summary>Watches a sequence's tokens as they are sampled, e.g. to end it when a stop string appears in the decoded text.</summary>
public interface ITokenObserver
{
    /// <summary>Called for each sampled token that is not an end-of-sequence token; returns true to stop the sequence here.</summary>
    bool OnToken(int token);
}
