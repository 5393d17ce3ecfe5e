using System.CommandLine;
using Mario.Tool.Cli;
using Mario.Tool.Reporting;
using Mario.Tool.Runs;
using Mario.Tool.Suites;
using Spectre.Console;

namespace Mario.Tool.Commands;

/// <summary><c>dotnet mario suites list|validate|pull</c>: the evaluation suites and their data files.</summary>
public static class SuitesCommand
{
    private static readonly Option<string?> DataDirOption = new("--data-dir") { Description = "Folder searched first for data files (then MARIO_DATA_DIR, the cache, ../shared/suites)." };

    /// <summary>Creates the command with its three sub-commands.</summary>
    public static Command Create()
    {
        var command = new Command("suites", """
            List, validate and download evaluation suites. Data files are looked up in --data-dir, $MARIO_DATA_DIR,
            the cache ($MARIO_CACHE_DIR or ~/.cache/mario/suites), then ../shared/suites beside the repository.

            Examples:
              dotnet mario suites list
              dotnet mario suites validate gsm8k-test math500
              dotnet mario suites pull gsm8k-test-mini
            """);
        command.Subcommands.Add(CreateList());
        command.Subcommands.Add(CreateValidate());
        command.Subcommands.Add(CreatePull());
        return command;
    }

    private static Command CreateList()
    {
        var list = new Command("list", """
            Show every suite: id, rows, whether its data file is present (and where), licence and role.

            Examples:
              dotnet mario suites list
              dotnet mario suites list --data-dir ~/data/mario
              dotnet mario suites list --format json              one JSON document (schema in README)
            """);
        var format = new Option<OutputFormat>("--format") { Description = "table (default) or json.", DefaultValueFactory = _ => OutputFormat.Table };
        list.Options.Add(DataDirOption);
        list.Options.Add(format);
        list.SetAction(parseResult =>
        {
            var catalog = SuiteCatalog.LoadEmbedded();
            var locator = DataLocator.FromEnvironment(parseResult.GetValue(DataDirOption));
            var output = parseResult.InvocationConfiguration.Output;
            var table = new Table().AddColumns("id", "rows", "present", "license", "role", "compare");
            var entries = new List<SuiteListEntryJson>();
            var present = 0;
            foreach (var manifest in catalog.All)
            {
                var path = locator.Find(manifest.Data.File);
                var label = path is null ? null : locator.Locations.FirstOrDefault(l => Path.GetDirectoryName(path) == l.Directory)?.Label ?? "?";
                var where = path is null ? "no" : "yes (" + label + ")";
                present += path is null ? 0 : 1;
                entries.Add(new SuiteListEntryJson(
                    manifest.Id, manifest.Rows, path is not null, path, label, manifest.License,
                    RunJson.Name(manifest.Role), RunJson.Name(manifest.Compare)));
                table.AddRow(
                    Markup.Escape(manifest.Id),
                    manifest.Rows.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    where,
                    Markup.Escape(manifest.License),
                    RunJson.Name(manifest.Role),
                    RunJson.Name(manifest.Compare));
            }

            if (parseResult.GetValue(format) == OutputFormat.Json)
            {
                output.WriteLine(System.Text.Json.JsonSerializer.Serialize(
                    new SuiteListJson(1, entries, present, catalog.All.Count), CliJsonContext.Default.SuiteListJson));
                return ExitCodes.Ok;
            }

            var console = Terminal.Create(output);
            console.Write(table);
            console.WriteLine($"{present} of {catalog.All.Count} suites present");
            return ExitCodes.Ok;
        });
        return list;
    }

    private static Command CreateValidate()
    {
        var ids = new Argument<string[]>("suite") { Description = "Suite ids or manifest paths; none means every suite.", Arity = ArgumentArity.ZeroOrMore };
        var validate = new Command("validate", """
            Check data files: present, sha256 as pinned, every line a JSON object with string id/question/answer,
            ids unique, row count as in the manifest. Errors name file, line and field; exit 2 if any.

            Examples:
              dotnet mario suites validate
              dotnet mario suites validate gsm8k-test math500
              dotnet mario suites validate my-suite.json --data-dir ./data
            """);
        validate.Arguments.Add(ids);
        validate.Options.Add(DataDirOption);
        validate.SetAction(async (parseResult, cancellationToken) =>
        {
            var catalog = SuiteCatalog.LoadEmbedded();
            var locator = DataLocator.FromEnvironment(parseResult.GetValue(DataDirOption));
            var error = parseResult.InvocationConfiguration.Error;
            var console = Terminal.Create(parseResult.InvocationConfiguration.Output);
            var requested = parseResult.GetValue(ids) is { Length: > 0 } given ? given : catalog.All.Select(m => m.Id).ToArray();
            var table = new Table().AddColumns("suite", "rows", "sha256", "status");
            var failed = 0;
            foreach (var suite in requested)
            {
                var (manifest, manifestDir, resolveError) = await catalog.ResolveAsync(suite, cancellationToken).ConfigureAwait(false);
                if (manifest is null)
                {
                    await error.WriteLineAsync("error: " + resolveError).ConfigureAwait(false);
                    table.AddRow(Markup.Escape(suite), "-", "-", "invalid manifest");
                    failed++;
                    continue;
                }

                var problems = await ValidateOneAsync(manifest, manifestDir, locator, cancellationToken).ConfigureAwait(false);
                foreach (var problem in problems.Errors)
                {
                    await error.WriteLineAsync("error: " + problem).ConfigureAwait(false);
                }

                failed += problems.Errors.Count > 0 ? 1 : 0;
                table.AddRow(Markup.Escape(manifest.Id), problems.Rows, problems.Sha, problems.Errors.Count == 0 ? "ok" : $"{problems.Errors.Count} error(s)");
            }

            console.Write(table);
            console.WriteLine($"{requested.Length - failed} valid, {failed} invalid");
            return failed == 0 ? ExitCodes.Ok : ExitCodes.Usage;
        });
        return validate;
    }

    private static async Task<(IReadOnlyList<string> Errors, string Rows, string Sha)> ValidateOneAsync(
        SuiteManifest manifest, string? manifestDir, DataLocator locator, CancellationToken cancellationToken)
    {
        var path = SuiteLoader.Locate(manifest, manifestDir, locator);
        if (path is null)
        {
            return ([$"suite '{manifest.Id}': data file {manifest.Data.File} not found (searched {locator.DescribeSearch()})"], "-", "-");
        }

        var errors = new List<string>();
        if (SuiteLoader.BytesMismatch(manifest, path) is { } bytesError)
        {
            errors.Add(bytesError);
        }

        var sha = await SuiteReader.Sha256Async(path, cancellationToken).ConfigureAwait(false);
        var shaOk = sha == manifest.Data.Sha256;
        if (!shaOk)
        {
            errors.Add($"{path}: sha256 {sha} does not match the manifest's data.sha256 {manifest.Data.Sha256}");
        }

        var read = await SuiteReader.ReadAsync(path, path, manifest, maxErrors: 20, cancellationToken).ConfigureAwait(false);
        errors.AddRange(read.Errors);
        if (read.Errors.Count == 0 && SuiteLoader.RowsMismatch(manifest, path, read.Lines) is { } rowsError)
        {
            errors.Add(rowsError);
        }

        return (errors, read.Lines.ToString(System.Globalization.CultureInfo.InvariantCulture), shaOk ? "ok" : "MISMATCH");
    }

    private static async Task<PullResult> PullOrReportAsync(Func<Task<PullResult>> pull, SuiteManifest manifest)
    {
        try
        {
            return await pull().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            // The cache folder itself is unusable (not a folder, no permission, disk full).
            return new PullResult(manifest.Id, PullStatus.Rejected, $"cannot write into the cache: {ex.Message}");
        }
    }

    private static async Task<string?> FindVerifiedAsync(SuiteManifest manifest, DataLocator locator, CancellationToken cancellationToken)
    {
        foreach (var location in locator.Locations)
        {
            var path = Path.Combine(location.Directory, manifest.Data.File);
            if (File.Exists(path) && await SuiteReader.Sha256Async(path, cancellationToken).ConfigureAwait(false) == manifest.Data.Sha256)
            {
                return path;
            }
        }

        return null;
    }

    private static Command CreatePull()
    {
        var ids = new Argument<string[]>("suite") { Description = "Suite ids (or manifest paths) to download into the cache.", Arity = ArgumentArity.OneOrMore };
        var pull = new Command("pull", """
            Download suite data into the cache (MARIO_CACHE_DIR or ~/.cache/mario/suites) unless a verified copy is
            already on the data search path. Suites with a normalizer
            (gsm8k-*, math500*) download the pinned source, verify its sha256, normalize it and verify the result;
            a manifest with data.url downloads the normalized file directly. Interrupted downloads resume with an
            HTTP Range request; a checksum mismatch keeps nothing (exit 2). Without a network pull stops at once
            (exit 2) and says so; download the file elsewhere and import it with --from, which verifies the
            pinned sha256 (of the source, or of the normalized data file), normalizes and caches it.

            Examples:
              dotnet mario suites pull gsm8k-test-mini
              dotnet mario suites pull gsm8k-test math500
              dotnet mario suites pull gsm8k-test-mini --cache-dir ./data
              dotnet mario suites pull gsm8k-test-mini --from ~/Downloads/test.jsonl
            """);
        var cacheDir = new Option<string?>("--cache-dir") { Description = "Download into this folder instead of the cache (then use it with --data-dir)." };
        var from = new Option<string?>("--from") { Description = "Import this file instead of downloading: the pinned source (e.g. GSM8K's test.jsonl) or the normalized data file; one suite only." };
        pull.Arguments.Add(ids);
        pull.Options.Add(cacheDir);
        pull.Options.Add(from);
        pull.SetAction(async (parseResult, cancellationToken) =>
        {
            var catalog = SuiteCatalog.LoadEmbedded();
            var target = parseResult.GetValue(cacheDir) is { } given ? Path.GetFullPath(given) : null;
            var locator = DataLocator.FromEnvironment(null);
            var error = parseResult.InvocationConfiguration.Error;
            var console = Terminal.Create(parseResult.InvocationConfiguration.Output);
            var import = parseResult.GetValue(from);
            var suites = parseResult.GetValue(ids)!;
            if (import is not null && suites.Length != 1)
            {
                await error.WriteLineAsync($"error: --from imports one file into one suite; {suites.Length} suites were named (example: dotnet mario suites pull gsm8k-test-mini --from test.jsonl)").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            // A connect timeout keeps an unplugged network (packets dropped, not refused) from hanging for minutes.
            using var handler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(15) };
            using var http = new HttpClient(handler) { Timeout = TimeSpan.FromMinutes(10) };
            var puller = new SuitePuller(http, target ?? locator.CacheDirectory);
            var table = new Table().AddColumns("suite", "status", "detail");
            var exit = ExitCodes.Ok;
            foreach (var suite in suites)
            {
                var (manifest, _, resolveError) = await catalog.ResolveAsync(suite, cancellationToken).ConfigureAwait(false);
                if (manifest is null)
                {
                    await error.WriteLineAsync("error: " + resolveError).ConfigureAwait(false);
                    exit = ExitCodes.Usage;
                    continue;
                }

                // A verified copy anywhere on the search path (e.g. ../shared/suites) needs no download.
                // (With --cache-dir the copy must be in that folder; the puller checks it.)
                var result = import is not null
                    ? await PullOrReportAsync(() => puller.ImportAsync(manifest, import, cancellationToken), manifest).ConfigureAwait(false)
                    : target is null && await FindVerifiedAsync(manifest, locator, cancellationToken).ConfigureAwait(false) is { } existing
                    ? new PullResult(manifest.Id, PullStatus.AlreadyPresent, existing)
                    : await PullOrReportAsync(() => puller.PullAsync(manifest, cancellationToken), manifest).ConfigureAwait(false);
                table.AddRow(Markup.Escape(result.SuiteId), RunJson.Name(result.Status), Markup.Escape(result.Message));
                if (result.Status is PullStatus.Rejected or PullStatus.Unsupported or PullStatus.Interrupted or PullStatus.Unreachable)
                {
                    await error.WriteLineAsync("error: " + result.Message).ConfigureAwait(false);
                    exit = Math.Max(exit, result.Status == PullStatus.Interrupted ? ExitCodes.Failure : ExitCodes.Usage);
                }
            }

            console.Write(table);
            return exit;
        });
        return pull;
    }
}
