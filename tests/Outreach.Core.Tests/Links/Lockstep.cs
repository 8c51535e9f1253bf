using System.Reflection;

namespace Outreach.Core.Tests.Links;

/// <summary>
/// Stores held in lockstep, to count the round trips a service makes one after another without timing anything: every
/// call through <see cref="Hold{TStore}"/> waits until its round is let go, and a round is every call made before the
/// service had to wait. Calls made side by side share a round; a call that needs another's answer comes a round later.
/// </summary>
/// <remarks>The in-memory stores answer at once, so everything between two rounds runs on the releasing thread.</remarks>
public sealed class Lockstep
{
    private readonly object _gate = new();
    private List<TaskCompletionSource> _waiting = [];

    /// <summary><paramref name="store"/>, each call of it waiting for its round.</summary>
    public TStore Hold<TStore>(TStore store)
        where TStore : class
    {
        var proxy = DispatchProxy.Create<TStore, HeldStore>();
        ((HeldStore)(object)proxy).Hold(store, this);
        return proxy;
    }

    /// <summary>Runs <paramref name="service"/> round by round: its answer, and how many rounds of calls it made.</summary>
    public Task<(T Result, int Rounds)> CountAsync<T>(Func<Task<T>> service) =>
        // No synchronization context: a released call's continuation runs at once, on the releasing thread.
        Task.Run(async () =>
        {
            var running = service();
            var rounds = 0;
            while (!running.IsCompleted)
            {
                List<TaskCompletionSource> round;
                lock (_gate)
                {
                    (round, _waiting) = (_waiting, []);
                }
                Assert.True(round.Count > 0, "the service waits on something other than the held stores");
                rounds++;
                round.ForEach(call => call.SetResult());
            }
            return (await running, rounds);
        });

    private Task NextRound()
    {
        var call = new TaskCompletionSource();
        lock (_gate)
        {
            _waiting.Add(call);
        }
        return call.Task;
    }

    /// <summary>The proxy in front of a held store (public, as <see cref="DispatchProxy"/> requires).</summary>
    public class HeldStore : DispatchProxy
    {
        private static readonly MethodInfo TypedCall = typeof(HeldStore).GetMethod(nameof(TypedAsync), BindingFlags.NonPublic | BindingFlags.Instance)!;

        private object _store = null!;
        private Lockstep _step = null!;

        internal void Hold(object store, Lockstep step) => (_store, _step) = (store, step);

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            ArgumentNullException.ThrowIfNull(targetMethod);
            var returns = targetMethod.ReturnType;
            if (returns.IsGenericType && returns.GetGenericTypeDefinition() == typeof(Task<>))
            {
                return TypedCall.MakeGenericMethod(returns.GetGenericArguments()[0]).Invoke(this, [targetMethod, args]);
            }
            return returns == typeof(Task) ? UntypedAsync(targetMethod, args) : targetMethod.Invoke(_store, args);
        }

        private async Task<T> TypedAsync<T>(MethodInfo method, object?[]? args)
        {
            await _step.NextRound();
            return await (Task<T>)method.Invoke(_store, args)!;
        }

        private async Task UntypedAsync(MethodInfo method, object?[]? args)
        {
            await _step.NextRound();
            await (Task)method.Invoke(_store, args)!;
        }
    }
}
