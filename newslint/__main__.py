from newslint.launch import main

main()
