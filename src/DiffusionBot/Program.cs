// Placeholder until the host is wired (issues 2 and 4).
return 0;
