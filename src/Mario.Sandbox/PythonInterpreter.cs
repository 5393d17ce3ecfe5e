namespace Mario.Sandbox;

/// <summary>A python3 that imports sympy and numpy, as found by <see cref="PythonLocator"/>.</summary>
/// <param name="Path">The executable as given or found (not resolved through symlinks).</param>
/// <param name="Version">The interpreter version, e.g. <c>3.11.2</c>.</param>
/// <param name="SympyVersion">sympy's <c>__version__</c>.</param>
/// <param name="NumpyVersion">numpy's <c>__version__</c>.</param>
/// <param name="Source">How it was chosen: <c>--python</c>, <c>MARIO_PYTHON</c> or <c>probe</c>.</param>
public sealed record PythonInterpreter(string Path, string Version, string SympyVersion, string NumpyVersion, string Source);
