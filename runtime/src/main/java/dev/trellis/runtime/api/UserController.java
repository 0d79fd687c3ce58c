package dev.trellis.runtime.api;

import dev.trellis.core.Actor;
import dev.trellis.core.security.NewUser;
import dev.trellis.core.security.UserAccount;
import dev.trellis.core.security.UserService;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Users: administrators list and create them; everyone can ask who they are. */
@RestController
@RequestMapping("/api/v1")
class UserController {

    private final UserService users;

    UserController(UserService users) {
        this.users = users;
    }

    @GetMapping("/me")
    Actor me(Actor actor) {
        return actor;
    }

    @GetMapping("/users")
    List<UserAccount> list(Actor actor) {
        return users.list(actor);
    }

    @PostMapping("/users")
    @ResponseStatus(HttpStatus.CREATED)
    UserAccount create(Actor actor, @RequestBody NewUser user) {
        return users.create(actor, user);
    }
}
