namespace Mario.Models.Clients;

/// <summary>
/// A reward-model server answered a scoring request with something mario cannot use (an HTTP error, malformed or
/// truncated JSON, a wrong number of scores, a non-number, a non-finite number). It fails the one problem being
/// searched, which the run records with this message; the message names the URL and the request.
/// </summary>
public sealed class RewardModelException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="url">The URL the request was posted to.</param>
    /// <param name="request">This client's request number, from 1, in the order requests were sent.</param>
    /// <param name="reason">What was wrong, naming the input index where there is one.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public RewardModelException(string url, int request, string reason, Exception? innerException = null)
        : base($"reward model at {url}, request {request}: {reason}", innerException)
    {
        Url = url;
        Request = request;
    }

    /// <summary>The URL the request was posted to.</summary>
    public string Url { get; }

    /// <summary>This client's request number, from 1.</summary>
    public int Request { get; }
}
