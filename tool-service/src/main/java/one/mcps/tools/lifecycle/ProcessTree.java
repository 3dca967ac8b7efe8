package one.mcps.tools.lifecycle;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Ends a process and everything it started ({@code npx} runs the server as a grandchild). Descendants are
 * collected before the parent goes, because once it exits they are re-parented and no longer found under it.
 * Blocking: call from a worker thread.
 */
final class ProcessTree {

    private ProcessTree() {
    }

    static Set<ProcessHandle> of(ProcessHandle root) {
        Set<ProcessHandle> tree = new LinkedHashSet<>();
        tree.add(root);
        root.descendants().forEach(tree::add);
        return tree;
    }

    /** Close stdin, wait; SIGTERM the tree, wait; SIGKILL what is left. {@code known} adds earlier snapshots. */
    static void stop(StdioProcess process, Set<ProcessHandle> known, Duration stdinGrace, Duration termGrace) {
        Set<ProcessHandle> tree = of(process.handle());
        tree.addAll(known);
        process.closeStdin();
        if (awaitAll(Set.of(process.handle()), stdinGrace)) {
            tree.forEach(ProcessTree::terminateIfAlive);
        } else {
            tree.addAll(of(process.handle()));
            tree.forEach(ProcessTree::terminateIfAlive);
        }
        if (!awaitAll(tree, termGrace)) {
            tree.forEach(ProcessHandle::destroyForcibly);
            awaitAll(tree, termGrace);
        }
    }

    /** Kills what is left of a tree whose root already died (a crash leaves its children behind). */
    static void killLeftovers(Set<ProcessHandle> known) {
        known.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private static void terminateIfAlive(ProcessHandle handle) {
        if (handle.isAlive()) {
            handle.destroy();
        }
    }

    private static boolean awaitAll(Set<ProcessHandle> handles, Duration timeout) {
        CompletableFuture<?>[] exits = handles.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(exits).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return handles.stream().noneMatch(ProcessHandle::isAlive);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
