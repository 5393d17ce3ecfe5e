namespace Mario.Sandbox;

/// <summary>A fork server died or broke the protocol; the pool restarts it and retries the execution once.</summary>
internal sealed class ForkServerFailedException(string message, Exception? inner = null) : Exception(message, inner);
