package app

import (
	"context"
	"errors"
	"flag"
	"fmt"

	"github.com/missionplanner/missionplanner/models"
)

func init() {
	commands["migrate"] = func(context.Context, CommandEnv, []string) error { return nil } // opening migrates
	commands["token"] = tokenCommand
	commands["createuser"] = createUserCommand
}

// tokenCommand prints a new API token for a user, alone on standard output.
//
//	missionplanner token create --email E [--name N]
func tokenCommand(ctx context.Context, env CommandEnv, args []string) error {
	if len(args) == 0 || args[0] != "create" {
		return errors.New("usage: missionplanner token create --email E [--name N]")
	}
	fs := flag.NewFlagSet("token create", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	email := fs.String("email", "", "the user the token acts as")
	name := fs.String("name", "command line", "what the token is for")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *email == "" {
		return errors.New("token create: --email is required")
	}
	u, err := env.Store.UserByEmail(ctx, *email)
	if errors.Is(err, models.ErrNotFound) {
		return fmt.Errorf("token create: no user has the email address %s", *email)
	}
	if err != nil {
		return err
	}
	token, err := env.Store.CreateAPIToken(ctx, u.ID, *name)
	if err != nil {
		return err
	}
	env.Log.Info("API token created; it is shown once", "user", u.Email)
	_, err = fmt.Fprintln(env.Stdout, token)
	return err
}

// createUserCommand adds a staff or admin account and prints its generated password once.
//
//	missionplanner createuser --email E --name N [--role staff|admin]
func createUserCommand(ctx context.Context, env CommandEnv, args []string) error {
	fs := flag.NewFlagSet("createuser", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	email := fs.String("email", "", "email address")
	name := fs.String("name", "", "full name")
	role := fs.String("role", "staff", "staff or admin")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *role != "staff" && *role != "admin" {
		return errors.New("createuser: --role must be staff or admin")
	}
	password := models.GeneratePassword(*email)
	u := models.User{Email: *email, Name: *name, Role: *role}
	if err := env.Store.CreateUser(ctx, nil, &u, password); err != nil {
		return fmt.Errorf("createuser: %w", err)
	}
	env.Log.Info("account created; its password is shown once: change it at /account/password", "email", u.Email, "role", u.Role)
	_, err := fmt.Fprintln(env.Stdout, password)
	return err
}
