package one.mcps.e2e;

/** Prints each acceptance step with its number, name and how long it took, whether it passed or not. */
final class Steps {

    interface Body {
        void run() throws Exception;
    }

    private Steps() {
    }

    static void step(int number, String name, Body body) throws Exception {
        long start = System.nanoTime();
        System.out.printf("[e2e] step %d: %s ...%n", number, name);
        String outcome = "FAILED";
        try {
            body.run();
            outcome = "ok";
        } finally {
            System.out.printf("[e2e] step %d: %s: %s in %.1f s%n", number, name, outcome,
                    (System.nanoTime() - start) / 1e9);
        }
    }
}
