namespace Mario.Models;

/// <summary>The closed set of model backends a <see cref="ModelSpec"/> can name.</summary>
public enum ModelSpecKind
{
    /// <summary><c>tiny</c>: the embedded default model that ships with the tool.</summary>
    Tiny,

    /// <summary><c>local:DIR</c>: a Hugging Face style folder run by the in-process CPU engine.</summary>
    Local,

    /// <summary><c>openai:URL#NAME</c>: an OpenAI-compatible completions server.</summary>
    OpenAi,

    /// <summary><c>scripted:FILE</c>: a JSON file of rules mapping prompt content to completions (debugging and demos).</summary>
    Scripted,

    /// <summary>
    /// <c>vllm-pooling:URL#NAME[@STYLE]</c>: a reward model behind vLLM's pooling API (value models only); STYLE is
    /// one of qwen-prm (default), math-shepherd, orm.
    /// </summary>
    VllmPooling,
}
