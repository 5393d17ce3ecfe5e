using Mario.Sandbox;

namespace Mario.Sandbox.Tests;

/// <summary>
/// Kernel state a cell can create outside its processes and files (SysV IPC, keyrings): it must be private to the
/// cell and die with it, so a later execution, of this or another problem, can never read it.
/// </summary>
public sealed class KernelStateTests(KernelStatePool pool) : IClassFixture<KernelStatePool>
{
    // The syscall numbers of add_key and keyctl: glibc exports neither, so a cell reaches them through syscall(2).
    private const string KeyringPrelude = """
        import ctypes, platform
        ADD_KEY, KEYCTL = {'x86_64': (248, 250), 'aarch64': (217, 219)}[platform.machine()]
        libc = ctypes.CDLL(None, use_errno=True)
        libc.syscall.restype = ctypes.c_long
        USER_KEYRING = ctypes.c_long(-4)

        """;

    [SandboxFact]
    public async Task Keyring_KeyAddedByACell_CannotBeAddedOrReadByALaterCell()
    {
        if (pool.Sandbox.IsUnsafe)
        {
            return; // without root there are no namespaces and no filter; the doctor reports it
        }

        var token = Guid.NewGuid().ToString("N");
        var add = KeyringPrelude + $"""
            key = libc.syscall(ctypes.c_long(ADD_KEY), b'user', b'mario-{token}', b'{token}', ctypes.c_size_t(32), USER_KEYRING)
            print('added' if key > 0 else 'refused', key if key > 0 else ctypes.get_errno())
            """;
        var read = KeyringPrelude + $"""
            key = libc.syscall(ctypes.c_long(KEYCTL), ctypes.c_long(10), USER_KEYRING, b'user', b'mario-{token}', ctypes.c_long(0))
            if key > 0:
                buf = ctypes.create_string_buffer(64)
                n = libc.syscall(ctypes.c_long(KEYCTL), ctypes.c_long(11), ctypes.c_long(key), buf, ctypes.c_long(64))
                print('found', buf.raw[:max(n, 0)].decode())
            else:
                print('absent', ctypes.get_errno())
            """;

        var added = await pool.Sandbox.RunAsync([add], CancellationToken.None);
        var later = await pool.Sandbox.RunAsync([read], CancellationToken.None);

        Assert.True(added.Succeeded, $"{added.Error} {added.Stderr}");
        Assert.StartsWith("refused", added.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(token, later.Stdout, StringComparison.Ordinal);
        Assert.StartsWith("absent", later.Stdout, StringComparison.Ordinal);
    }

    [SandboxFact]
    public async Task SharedMemory_SegmentsOfACell_AreCappedAndGoneForTheNextCell()
    {
        if (pool.Sandbox.IsUnsafe)
        {
            return; // without root there are no namespaces and no filter; the doctor reports it
        }

        var token = Guid.NewGuid().ToString("N");
        const string Prelude = """
            import ctypes
            libc = ctypes.CDLL(None, use_errno=True)
            libc.shmat.restype = ctypes.c_void_p
            libc.shmat.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_int]
            KEY = 0x4D41524F

            """;
        // Four 256 MiB segments: without a private IPC namespace they outlive the cell, and whatever it wrote into
        // them pins host memory beyond its limit (512 MiB in this pool) until the fork server exits.
        var create = Prelude + $$"""
            made = 0
            for i in range(4):
                sid = libc.shmget(KEY + i, 256 << 20, 0o1666)
                if sid < 0:
                    continue
                made += 1
                p = libc.shmat(sid, None, 0)
                if p is not None and p != ctypes.c_void_p(-1).value:
                    ctypes.memmove(p, b'{{token}}', 32)
                    libc.shmdt(ctypes.c_void_p(p))
            print('segments', made)
            """;
        var look = Prelude + """
            print('listed', len(open('/proc/sysvipc/shm').read().splitlines()) - 1)
            sid = libc.shmget(KEY, 0, 0)
            if sid >= 0:
                p = libc.shmat(sid, None, 0)
                print('read', ctypes.string_at(p, 32).decode())
            else:
                print('absent')
            """;

        var created = await pool.Sandbox.RunAsync([create], CancellationToken.None);
        var later = await pool.Sandbox.RunAsync([look], CancellationToken.None);

        Assert.True(created.Succeeded, $"error={created.Error} timedOut={created.TimedOut} {created.Stderr}");
        var made = int.Parse(created.Stdout.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(made * 256, 0, KernelStatePool.Options.MemoryMiB);
        Assert.Equal("listed 0\nabsent\n", later.Stdout);
    }
}
