namespace Mario.Benchmarks;

/// <summary>Settings of <c>Mario.Benchmarks engine</c>, validated once at the CLI edge.</summary>
/// <param name="TinyModel">Folder of the tiny checkpoint (the committed test fixture).</param>
/// <param name="LargeModel">Folder of the ~300M-parameter random checkpoint, or null to skip it.</param>
/// <param name="Threads">Threads for the engine and for PyTorch, at least 1.</param>
/// <param name="PromptTokens">Prefill length, at least 24.</param>
/// <param name="DecodeTokens">Decoded tokens per timing, at least 2.</param>
/// <param name="Runs">Repetitions; medians are reported. At least 1.</param>
/// <param name="Python">Interpreter with torch for the baseline, or null to skip it.</param>
/// <param name="TorchScript">tools/fixtures/torch_bench.py.</param>
/// <param name="TorchBackend">The baseline's matmul path: <c>blas</c> (torch's BLAS) or <c>onednn</c> (oneDNN inner product).</param>
public sealed record EngineBenchOptions(
    string TinyModel,
    string? LargeModel,
    int Threads,
    int PromptTokens,
    int DecodeTokens,
    int Runs,
    string? Python,
    string TorchScript,
    string TorchBackend = "blas")
{
    /// <summary>Returns the first problem, or null when the options are valid.</summary>
    public string? Validate() =>
        Threads < 1 ? "--threads must be at least 1"
        : PromptTokens < 24 ? "--prompt-tokens must be at least 24"
        : DecodeTokens < 2 ? "--decode-tokens must be at least 2"
        : Runs < 1 ? "--runs must be at least 1"
        : !Directory.Exists(TinyModel) ? $"--tiny: folder '{TinyModel}' does not exist"
        : LargeModel is not null && !Directory.Exists(LargeModel) ? $"--large: folder '{LargeModel}' does not exist (make it with /usr/bin/python3 tools/fixtures/make_bench_qwen2.py)"
        : TorchBackend is not ("blas" or "onednn") ? $"--torch-backend must be blas or onednn, not '{TorchBackend}'"
        : Python is not null && !File.Exists(TorchScript) ? $"--torch-script: '{TorchScript}' does not exist"
        : null;
}
