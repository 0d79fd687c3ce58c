package dev.trellis.runtime.security;

import dev.trellis.core.security.UserService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * On the first start (no user at all) creates the administrator, with the password from
 * {@code TRELLIS_ADMIN_PASSWORD} or a generated one printed this once.
 */
@Component
class AdminBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

    private final UserService users;
    private final String username;
    private final String password;

    AdminBootstrap(UserService users, @Value("${trellis.admin.username:admin}") String username,
            @Value("${trellis.admin.password:}") String password) {
        this.users = users;
        this.username = username;
        this.password = password;
    }

    @Override
    public void run(ApplicationArguments args) {
        users.bootstrapAdmin(username, password).ifPresentOrElse(generated -> System.out.printf("""

                ==============================================================
                  Trellis created its administrator on this first start.
                  username: %s
                  password: %s
                  This password is shown only now. Keep it safe.
                ==============================================================

                """, username, generated), () -> log.debug("administrator already exists or password given"));
    }
}
