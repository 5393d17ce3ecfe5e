namespace Mario.Tool.Tests.Support;

/// <summary>A fact that needs Debian's headless <c>chromium</c>; skipped with the reason when it is not installed.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when chromium is absent.</summary>
    public ChromiumFactAttribute() => Skip = HeadlessChromium.Binary is null
        ? "chromium is not installed (Debian: apt-get install chromium; scripts/deps.sh installs it)"
        : null;
}
