using Mario.Inference.Transformer;

namespace Mario.Inference.Tests.Transformer;

/// <summary>The forward pass's thread pool: every item exactly once, on every call, whatever the thread count.</summary>
public sealed class WorkerPoolTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(1, 50)]
    [InlineData(2, 1)]
    [InlineData(2, 37)]
    [InlineData(4, 1000)]
    public void For_RunsEveryItemExactlyOnce_OnEveryCall(int threads, int count)
    {
        using var pool = new WorkerPool(threads);
        var hits = new int[count];

        // Many calls in a row, as a forward pass makes them: a worker still leaving one loop must not take an item of the next.
        for (var call = 0; call < 200; call++)
        {
            pool.For(count, i => Interlocked.Increment(ref hits[i]));
        }

        Assert.All(hits, h => Assert.Equal(200, h));
    }

    [Fact]
    public void For_ItemThrows_RethrowsAfterTheOtherItemsFinish()
    {
        using var pool = new WorkerPool(2);
        var finished = 0;

        var e = Assert.Throws<InvalidOperationException>(() => pool.For(64, i =>
        {
            if (i == 5)
            {
                throw new InvalidOperationException("item 5");
            }

            Interlocked.Increment(ref finished);
        }));

        Assert.Equal("item 5", e.Message);
        Assert.Equal(63, finished);
        pool.For(3, _ => Interlocked.Increment(ref finished));
        Assert.Equal(66, finished);
    }

    [Fact]
    public void For_AfterWorkersFellAsleep_StillRunsEveryItem()
    {
        using var pool = new WorkerPool(3);
        var hits = 0;
        for (var call = 0; call < 5; call++)
        {
            // Longer than the spin: the workers block and must be woken for the next loop.
            Thread.Sleep(20);
            pool.For(100, _ => Interlocked.Increment(ref hits));
        }

        Assert.Equal(500, hits);
    }

    [Fact]
    public void Constructor_NoThreads_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new WorkerPool(0));
}
