namespace Mario.Tool.Reports;

/// <summary>One drawn figure: the same plot as SVG text and PNG bytes.</summary>
/// <param name="Name">File stem under <c>figures/</c> (lower-case letters, digits and hyphens).</param>
/// <param name="Title">A heading for the page.</param>
/// <param name="Caption">One or two sentences saying what the figure shows and how it was computed.</param>
/// <param name="Svg">The SVG document (text escaped by ScottPlot).</param>
/// <param name="Png">The PNG image.</param>
public sealed record ReportFigure(string Name, string Title, string Caption, string Svg, byte[] Png);
