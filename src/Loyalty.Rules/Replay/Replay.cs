using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using NodaTime;

namespace Loyalty.Rules;

/// <summary>
/// Replays a history of events through a program, as a host would have applied them, and reports what it cost: the
/// points issued per rule, redeemed and expired, the outstanding liability by month, members per tier, referral and
/// reward costs and customer-value measures; or compares two programs over the same history (<see cref="Compare"/>).
/// </summary>
/// <remarks>
/// The history is read once, in time order (an event earlier than the one before it is refused), and streams: memory
/// grows with members, not events. Each member's account starts empty; the events go through
/// <see cref="LedgerProcessor.Process"/> (with campaign budgets starting full, decided in event order; a reward's stock is
/// taken as unlimited), and the due work a host runs is run too: before a member's event, what fell due for the member
/// is expired as of the event; at the start of every local month of the program zone, what fell due for anyone (lot
/// expiry, inactivity, hold deadlines) is expired, and period-end dividends are paid. The replay ends at the start of the
/// month after the last event, or at the instant asked for.
/// </remarks>
public static class Replay
{
    /// <summary>How many events pass between two progress reports.</summary>
    public const int ProgressEvery = 10_000;

    /// <summary>Replays a history through a program.</summary>
    /// <param name="program">The program.</param>
    /// <param name="history">The events, in time order.</param>
    /// <param name="members">What the host knows of a member, asked once per member at its first event (enrolment,
    /// birthday, segments, a tier without ladder); null for bare members.</param>
    /// <param name="until">Where the replay ends; null for the start of the month after the last event.</param>
    /// <param name="progress">Told every <see cref="ProgressEvery"/> events and at the end; or null.</param>
    /// <param name="cancellationToken">Stops the replay (between two events).</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentException">An event is out of order or cannot be processed (the message names it), or
    /// <paramref name="members"/> returned a context of another member.</exception>
    /// <exception cref="OperationCanceledException">The replay was cancelled.</exception>
    public static ReplayReport Run(
        LoyaltyProgram program,
        IEnumerable<LedgerEvent> history,
        Func<string, MemberContext>? members = null,
        Instant? until = null,
        IProgress<ReplayProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        Preconditions.NotNull(history, nameof(history));
        var run = new ReplayRun(program, members);
        foreach (var e in history)
        {
            Feed(e, run, null, progress, cancellationToken);
        }

        return Finish(run, until, progress);
    }

    /// <summary>Replays a history read asynchronously (from a file, a database cursor, ...) through a program.</summary>
    /// <param name="program">The program.</param>
    /// <param name="history">The events, in time order.</param>
    /// <param name="members">As for <see cref="Run"/>.</param>
    /// <param name="until">As for <see cref="Run"/>.</param>
    /// <param name="progress">As for <see cref="Run"/>.</param>
    /// <param name="cancellationToken">Stops the replay, and is passed to the history's enumerator.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentException">As for <see cref="Run"/>.</exception>
    /// <exception cref="OperationCanceledException">The replay was cancelled.</exception>
    public static async ValueTask<ReplayReport> RunAsync(
        LoyaltyProgram program,
        IAsyncEnumerable<LedgerEvent> history,
        Func<string, MemberContext>? members = null,
        Instant? until = null,
        IProgress<ReplayProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        Preconditions.NotNull(history, nameof(history));
        var run = new ReplayRun(program, members);
        await foreach (var e in history.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            Feed(e, run, null, progress, cancellationToken);
        }

        return Finish(run, until, progress);
    }

    /// <summary>
    /// Replays one history through two programs in one pass and compares them: every figure, the points per rule, and
    /// the members whose tier or balance changes most, with the rules that make the difference.
    /// </summary>
    /// <param name="current">The program today.</param>
    /// <param name="candidate">The program considered.</param>
    /// <param name="history">The events, in time order (read once).</param>
    /// <param name="members">As for <see cref="Run"/> (asked once per member).</param>
    /// <param name="until">As for <see cref="Run"/>.</param>
    /// <param name="progress">As for <see cref="Run"/>.</param>
    /// <param name="cancellationToken">Stops the replay.</param>
    /// <param name="topMembers">How many changed members the comparison lists, most changed first.</param>
    /// <returns>The comparison (with both reports).</returns>
    /// <exception cref="ArgumentException">As for <see cref="Run"/>.</exception>
    /// <exception cref="OperationCanceledException">The replay was cancelled.</exception>
    public static ReplayDiff Compare(
        LoyaltyProgram current,
        LoyaltyProgram candidate,
        IEnumerable<LedgerEvent> history,
        Func<string, MemberContext>? members = null,
        Instant? until = null,
        IProgress<ReplayProgress>? progress = null,
        CancellationToken cancellationToken = default,
        int topMembers = ReplayDiff.DefaultTopMembers)
    {
        Preconditions.NotNull(history, nameof(history));
        var once = Once(members);
        var (a, b) = (new ReplayRun(current, once), new ReplayRun(candidate, once));
        foreach (var e in history)
        {
            Feed(e, a, b, progress, cancellationToken);
        }

        return Finish(a, b, until, progress, topMembers);
    }

    /// <summary>As <see cref="Compare"/>, over a history read asynchronously.</summary>
    /// <param name="current">The program today.</param>
    /// <param name="candidate">The program considered.</param>
    /// <param name="history">The events, in time order (read once).</param>
    /// <param name="members">As for <see cref="Run"/>.</param>
    /// <param name="until">As for <see cref="Run"/>.</param>
    /// <param name="progress">As for <see cref="Run"/>.</param>
    /// <param name="cancellationToken">Stops the replay, and is passed to the history's enumerator.</param>
    /// <param name="topMembers">As for <see cref="Compare"/>.</param>
    /// <returns>The comparison.</returns>
    /// <exception cref="ArgumentException">As for <see cref="Run"/>.</exception>
    /// <exception cref="OperationCanceledException">The replay was cancelled.</exception>
    public static async ValueTask<ReplayDiff> CompareAsync(
        LoyaltyProgram current,
        LoyaltyProgram candidate,
        IAsyncEnumerable<LedgerEvent> history,
        Func<string, MemberContext>? members = null,
        Instant? until = null,
        IProgress<ReplayProgress>? progress = null,
        CancellationToken cancellationToken = default,
        int topMembers = ReplayDiff.DefaultTopMembers)
    {
        Preconditions.NotNull(history, nameof(history));
        var once = Once(members);
        var (a, b) = (new ReplayRun(current, once), new ReplayRun(candidate, once));
        await foreach (var e in history.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            Feed(e, a, b, progress, cancellationToken);
        }

        return Finish(a, b, until, progress, topMembers);
    }

    /// <summary>One event into one replay (or two): cancellation first, progress after.</summary>
    private static void Feed(LedgerEvent e, ReplayRun run, ReplayRun? other, IProgress<ReplayProgress>? progress, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        run.Add(e);
        other?.Add(e);
        Report(progress, run, e.At, final: false);
    }

    private static ReplayReport Finish(ReplayRun run, Instant? until, IProgress<ReplayProgress>? progress)
    {
        var report = run.Finish(until);
        Report(progress, run, report.Until, final: true);
        return report;
    }

    private static ReplayDiff Finish(ReplayRun a, ReplayRun b, Instant? until, IProgress<ReplayProgress>? progress, int topMembers)
    {
        var candidate = b.Finish(until);
        return ReplayDiff.Between(Finish(a, until, progress), candidate, topMembers);
    }

    /// <summary>The host's member function asked once per member, though two replays ask for each.</summary>
    private static Func<string, MemberContext>? Once(Func<string, MemberContext>? members)
    {
        if (members is null)
        {
            return null;
        }

        var last = (Id: (string?)null, Member: (MemberContext?)null);
        return id =>
        {
            if (!string.Equals(last.Id, id, StringComparison.Ordinal))
            {
                last = (id, members(id));
            }

            return last.Member!;
        };
    }

    private static void Report(IProgress<ReplayProgress>? progress, ReplayRun run, Instant at, bool final)
    {
        if (progress is not null && (final || run.Events % ProgressEvery == 0))
        {
            progress.Report(new ReplayProgress(run.Events, run.Members, at));
        }
    }
}
