namespace Mario.Tool.Reports;

/// <summary>The accuracy-against-cost Pareto front: the runs no other run beats on both cost and accuracy.</summary>
public static class ParetoFront
{
    /// <summary>
    /// Indices of the points on the front, by increasing cost. A point is off the front when another costs no more and
    /// is no less accurate, and is strictly better in one of the two; of identical points the first is kept.
    /// </summary>
    /// <param name="points">(cost, accuracy) pairs; cost in any unit (lower is better), accuracy in [0, 1].</param>
    public static IReadOnlyList<int> Indices(IReadOnlyList<(double Cost, double Accuracy)> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var front = new List<int>();
        for (var i = 0; i < points.Count; i++)
        {
            var (cost, accuracy) = points[i];
            var dominated = false;
            for (var j = 0; j < points.Count && !dominated; j++)
            {
                var (c, a) = points[j];
                dominated = j != i && c <= cost && a >= accuracy && (c < cost || a > accuracy || j < i);
            }

            if (!dominated)
            {
                front.Add(i);
            }
        }

        return front.OrderBy(i => points[i].Cost).ThenBy(i => i).ToList();
    }
}
