package vkernel.sdk;

/** poll(2)'s answer: the number of fds with events, and each fd's revents in request order. */
public record PollResult(int ready, int[] revents) {
    public PollResult {
        revents = revents.clone();
    }

    @Override
    public int[] revents() {
        return revents.clone();
    }

    /** revents of the {@code i}-th fd asked for; 0 if the kernel reported none for it. */
    public int revents(int i) {
        return i < revents.length ? revents[i] : 0;
    }
}
